import { DeleteOutlined, LayoutOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Input } from 'antd';
import type { ColumnState, GridApi } from 'ag-grid-community';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { loadLayouts, storeLayouts, type Layouts } from './columnLayouts.js';
import type { FormularyRow } from './formularyColumns.js';

/** Choose, save, delete or reset the grid's named column layouts (order, width, visibility, pinning, sort). */
export function LayoutMenu({ api }: { api: GridApi<FormularyRow> | null }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [layouts, setLayouts] = useState<Layouts>(loadLayouts);

  const update = (next: Layouts) => {
    storeLayouts(next);
    setLayouts(next);
  };
  const apply = (state: ColumnState[]) => api?.applyColumnState({ state, applyOrder: true });

  const save = () => {
    let name = '';
    modal.confirm({
      title: t('formulary.layoutSaveTitle'),
      icon: <LayoutOutlined />,
      content: (
        <Input
          autoFocus
          aria-label={t('formulary.layoutName')}
          placeholder={t('formulary.layoutName')}
          maxLength={20}
          onChange={(e) => (name = e.target.value.trim())}
        />
      ),
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: () => {
        if (!name) {
          void message.warning(t('formulary.layoutNameRequired'));
          return Promise.reject(new Error('name required'));
        }
        if (api) update({ ...layouts, [name]: api.getColumnState() });
        void message.success(t('formulary.layoutSaved', { name }));
        return undefined;
      },
    });
  };

  const names = Object.keys(layouts);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          ...names.map((name) => ({
            key: `use:${name}`,
            label: name,
            extra: (
              <DeleteOutlined
                aria-label={t('formulary.layoutDelete')}
                onClick={(e) => {
                  e.stopPropagation();
                  const { [name]: _removed, ...rest } = layouts;
                  update(rest);
                }}
              />
            ),
          })),
          ...(names.length > 0 ? [{ type: 'divider' as const }] : []),
          { key: 'save', label: t('formulary.layoutSave') },
          { key: 'reset', label: t('formulary.layoutReset') },
        ],
        onClick: ({ key }) => {
          if (key === 'save') save();
          else if (key === 'reset') api?.resetColumnState();
          else if (key.startsWith('use:')) {
            const state = layouts[key.slice(4)];
            if (state) apply(state);
          }
        },
      }}
    >
      <Button icon={<LayoutOutlined />}>{t('formulary.layout')}</Button>
    </Dropdown>
  );
}
