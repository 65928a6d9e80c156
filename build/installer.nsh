; electron-builder includes this file in the NSIS installer (electron-builder.yml: nsis.include).
; Nothing custom is needed yet: install mode (for me / for all users), the install directory page and the
; 统采 desktop and start-menu shortcuts all come from nsis options. Hooks go in these macros when needed.
; The user's data (settings.json and, in standalone mode, data/tongcai.db under %APPDATA%) is never
; removed by the uninstaller: a procurement ledger must survive reinstalling the program.

!macro customInstall
!macroend

!macro customUnInstall
!macroend
