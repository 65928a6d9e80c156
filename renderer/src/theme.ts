import type { ThemeConfig } from 'antd';

export const FONT_FAMILY =
  "-apple-system, 'Segoe UI', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif";

/** A calm, dense look for desks with 1366×768 screens: a medical blue, modest radii, compact controls. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1763b8',
    colorInfo: '#1763b8',
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    colorBgLayout: '#f2f4f7',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 56, headerPadding: '0 20px', siderBg: '#0f2a4a' },
    Menu: { darkItemBg: '#0f2a4a', darkSubMenuItemBg: '#0b2240', darkItemSelectedBg: '#1763b8' },
  },
};
