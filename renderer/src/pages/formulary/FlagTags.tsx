import { Space, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Item, LevelAvailability } from '../../../../core/api/index.js';
import { STATUS_COLOR, statusLabel } from './labels.js';

type Flagged = Pick<
  Item,
  | 'essential'
  | 'vbp'
  | 'insuranceClass'
  | 'highAlert'
  | 'controlledClass'
  | 'antibacterialTier'
  | 'coldChain'
  | 'storageTempMin'
  | 'storageTempMax'
  | 'highValue'
  | 'category'
>;

interface Flag {
  key: string;
  text: string;
  color: string;
}

const ANTIBACTERIAL_WORD = {
  unrestricted: 'flag.antibacterialUnrestricted',
  restricted: 'flag.antibacterialRestricted',
  special: 'flag.antibacterialSpecial',
} as const;

/** The flags an item carries, in reading order; the same list feeds the tags and the grid's filter text. */
export function itemFlags(t: TFunction, item: Flagged): Flag[] {
  const flags: Flag[] = [];
  if (item.essential) flags.push({ key: 'essential', text: t('flag.essential'), color: 'green' });
  if (item.vbp) flags.push({ key: 'vbp', text: t('flag.vbp'), color: 'blue' });
  if (item.insuranceClass) flags.push({ key: 'insurance', text: t(`insuranceClass.${item.insuranceClass}`), color: 'cyan' });
  if (item.highAlert) flags.push({ key: 'highAlert', text: t('flag.highAlert'), color: 'red' });
  if (item.controlledClass) flags.push({ key: 'controlled', text: t(`controlledTag.${item.controlledClass}`), color: 'magenta' });
  // 非限制 antibacterials need no warning; only 限制/特殊 change who may prescribe.
  if (item.antibacterialTier && item.antibacterialTier !== 'unrestricted')
    flags.push({
      key: 'antibacterial',
      text: t('flag.antibacterial', { tier: t(ANTIBACTERIAL_WORD[item.antibacterialTier]) }),
      color: item.antibacterialTier === 'special' ? 'volcano' : 'orange',
    });
  if (item.coldChain)
    flags.push({
      key: 'coldChain',
      text:
        item.storageTempMin !== null && item.storageTempMax !== null
          ? t('flag.coldChainRange', { min: item.storageTempMin, max: item.storageTempMax })
          : t('flag.coldChain'),
      color: 'geekblue',
    });
  if (item.highValue) flags.push({ key: 'highValue', text: t('flag.highValue'), color: 'purple' });
  if (item.category === 'preparation') flags.push({ key: 'preparation', text: t('flag.preparation'), color: 'lime' });
  return flags;
}

export function FlagTags({ item }: { item: Flagged }) {
  const { t } = useTranslation();
  return (
    <Space size={2} wrap={false}>
      {itemFlags(t, item).map((f) => (
        <Tag key={f.key} color={f.color} style={{ marginInlineEnd: 0 }}>
          {f.text}
        </Tag>
      ))}
    </Space>
  );
}

/** 县 乡 村, the available ones coloured and the others struck out, so a missing level is seen, not guessed. */
export function LevelTags({ levels }: { levels: LevelAvailability }) {
  const { t } = useTranslation();
  return (
    <Space size={2}>
      {(['county', 'township', 'village'] as const).map((l) => (
        <Tag
          key={l}
          color={levels[l] ? 'blue' : undefined}
          style={{ marginInlineEnd: 0, opacity: levels[l] ? 1 : 0.45, textDecoration: levels[l] ? undefined : 'line-through' }}
        >
          {t(`unitLevel.${l}`)}
        </Tag>
      ))}
    </Space>
  );
}

export function ItemStatusTag({ status }: { status: Item['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]}>{statusLabel(t, status)}</Tag>;
}
