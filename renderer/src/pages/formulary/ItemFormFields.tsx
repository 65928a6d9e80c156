import { DatabaseOutlined } from '@ant-design/icons';
import { Button, Checkbox, Col, Divider, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ANTIBACTERIAL_TIERS, CONTROLLED_CLASSES, INSURANCE_CLASSES, ITEM_CATEGORIES } from '../../../../core/api/index.js';
import { useOp } from '../../api/hooks.js';
import { antibacterialLabel, categoryLabel, controlledLabel, insuranceClassLabel } from './labels.js';
import { PackLevelsEditor } from './PackLevelsEditor.js';

const P = 'item';

function SectionTitle({ children }: { children: string }) {
  return (
    <Divider titlePlacement="start" style={{ margin: '4px 0 12px', fontSize: 14 }}>
      {children}
    </Divider>
  );
}

/**
 * An item's fields by section, under `item.` in the surrounding form (the shape changeRequest.propose
 * takes, so the hub's field paths land on these inputs unchanged).
 */
export function ItemFormFields({ onPickFromDictionary }: { onPickFromDictionary?: () => void }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const category = Form.useWatch([P, 'category'], form) as string | undefined;
  const baseUnit = ((Form.useWatch([P, 'baseUnit'], form) as string | undefined) ?? '').trim();
  const packs = (Form.useWatch([P, 'packs'], form) as { unit?: string }[] | undefined) ?? [];
  const coldChain = Form.useWatch([P, 'coldChain'], form) as boolean | undefined;
  const highValue = Form.useWatch([P, 'highValue'], form) as boolean | undefined;
  const vbpEnabled = Form.useWatch([P, 'vbpEnabled'], form) as boolean | undefined;
  const purchaseUnit = ((Form.useWatch([P, 'purchaseUnit'], form) as string | undefined) ?? '').trim();
  const units = useOp('unit.list', {}, { enabled: category === 'preparation' });
  const unitOptions = [baseUnit, ...packs.map((p) => (p?.unit ?? '').trim())]
    .filter((u, i, all) => u && all.indexOf(u) === i)
    .map((u) => ({ value: u, label: u }));

  return (
    <>
      <SectionTitle>{t('itemForm.sectionBasic')}</SectionTitle>
      {onPickFromDictionary && (
        <Button icon={<DatabaseOutlined />} onClick={onPickFromDictionary} style={{ marginBottom: 12 }}>
          {t('itemForm.fromDictionary')}
        </Button>
      )}
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name={[P, 'genericName']} label={t('formulary.genericName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'tradeName']} label={t('formulary.tradeName')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'category']} label={t('formulary.category')}>
            <Select options={ITEM_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'dosageForm']} label={t('formulary.dosageForm')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'spec']} label={t('formulary.spec')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'packMaterial']} label={t('formulary.packMaterial')}>
            <Input maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={[P, 'manufacturer']} label={t('formulary.manufacturer')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name={[P, 'holder']} label={t('formulary.holder')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>

      <SectionTitle>{t('itemForm.sectionCodes')}</SectionTitle>
      <Row gutter={12}>
        <Col span={10}>
          <Form.Item name={[P, 'insuranceCode']} label={t('formulary.insuranceCode')}>
            <Input className="mono" maxLength={30} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name={[P, 'approvalNo']} label={t('formulary.approvalNo')}>
            <Input className="mono" maxLength={40} />
          </Form.Item>
        </Col>
        <Col span={7}>
          <Form.Item name={[P, 'standardCode']} label={t('formulary.standardCode')}>
            <Input className="mono" maxLength={14} />
          </Form.Item>
        </Col>
      </Row>

      <SectionTitle>{t('itemForm.sectionPacks')}</SectionTitle>
      <PackLevelsEditor prefix={P} />
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name={[P, 'purchaseUnit']} label={t('formulary.purchaseUnit')}>
            <Select options={unitOptions} placeholder={t('itemForm.selectPlaceholder')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'issueUnit']} label={t('formulary.issueUnit')}>
            <Select options={unitOptions} placeholder={t('itemForm.selectPlaceholder')} />
          </Form.Item>
        </Col>
      </Row>

      <SectionTitle>{t('itemForm.sectionFlags')}</SectionTitle>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name={[P, 'insuranceClass']} label={t('formulary.insuranceClassLabel')}>
            <Select options={INSURANCE_CLASSES.map((c) => ({ value: c, label: insuranceClassLabel(t, c) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'controlledClass']} label={t('formulary.controlledClassLabel')}>
            <Select options={CONTROLLED_CLASSES.map((c) => ({ value: c, label: controlledLabel(t, c) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[P, 'antibacterialTier']} label={t('formulary.antibacterialTierLabel')}>
            <Select options={ANTIBACTERIAL_TIERS.map((c) => ({ value: c, label: antibacterialLabel(t, c) }))} />
          </Form.Item>
        </Col>
      </Row>
      <Space size={24} wrap style={{ marginBottom: 12 }}>
        <Form.Item name={[P, 'essential']} valuePropName="checked" noStyle>
          <Checkbox>{t('formulary.essential')}</Checkbox>
        </Form.Item>
        <Form.Item name={[P, 'highAlert']} valuePropName="checked" noStyle>
          <Checkbox>{t('formulary.highAlert')}</Checkbox>
        </Form.Item>
        <Form.Item name={[P, 'coldChain']} valuePropName="checked" noStyle>
          <Checkbox>{t('formulary.coldChain')}</Checkbox>
        </Form.Item>
        <Form.Item name={[P, 'highValue']} valuePropName="checked" noStyle>
          <Checkbox>{t('formulary.highValue')}</Checkbox>
        </Form.Item>
      </Space>
      <Row gutter={12}>
        {coldChain && (
          <>
            <Col span={6}>
              <Form.Item name={[P, 'storageTempMin']} label={t('formulary.storageTempMin')}>
                <InputNumber precision={0} min={-80} max={40} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item name={[P, 'storageTempMax']} label={t('formulary.storageTempMax')}>
                <InputNumber precision={0} min={-80} max={40} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </>
        )}
        {highValue && (
          <Col span={12}>
            <Form.Item name={[P, 'udiDi']} label={t('formulary.udiDi')}>
              <Input className="mono" maxLength={40} />
            </Form.Item>
          </Col>
        )}
        {category === 'preparation' && (
          <Col span={12}>
            <Form.Item name={[P, 'preparationUnitId']} label={t('formulary.preparationUnit')}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={(units.data?.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
                placeholder={t('itemForm.selectPlaceholder')}
              />
            </Form.Item>
          </Col>
        )}
      </Row>

      <SectionTitle>{t('itemForm.sectionVbp')}</SectionTitle>
      <Form.Item name={[P, 'vbpEnabled']} valuePropName="checked" style={{ marginBottom: vbpEnabled ? 8 : 12 }}>
        <Checkbox>{t('itemForm.vbpEnabled')}</Checkbox>
      </Form.Item>
      {vbpEnabled && (
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name={[P, 'vbp', 'batch']} label={t('formulary.vbpBatch')}>
              <Input maxLength={60} placeholder="第十批国家组织药品集采" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name={[P, 'vbp', 'agreedPriceMicro']} label={t('formulary.vbpPrice2')}>
              <Input inputMode="decimal" suffix={purchaseUnit ? `元/${purchaseUnit}` : '元'} />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name={[P, 'vbp', 'annualVolume']} label={t('itemForm.vbpAnnualVolume', { unit: baseUnit || '—' })}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name={[P, 'vbp', 'yearStart']} label={t('vbp.itemForm.yearStart')} extra={t('vbp.itemForm.yearStartHint')}>
              <Input maxLength={10} placeholder="2026-01-01" />
            </Form.Item>
          </Col>
          <Col span={7}>
            <Form.Item name={[P, 'vbp', 'referencePriceMicro']} label={t('vbp.itemForm.referencePrice')} extra={t('vbp.itemForm.referencePriceHint')}>
              <Input inputMode="decimal" suffix={purchaseUnit ? `元/${purchaseUnit}` : '元'} />
            </Form.Item>
          </Col>
        </Row>
      )}

      <SectionTitle>{t('itemForm.sectionLevels')}</SectionTitle>
      <LevelCheckboxes name={[P, 'levels']} />
    </>
  );
}

/** 县 / 乡 / 村 availability as three checkboxes, with the group's own message ("至少选择一个…") beneath. */
export function LevelCheckboxes({ name }: { name: (string | number)[] }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={null} style={{ marginBottom: 8 }}>
      <LevelChecks labels={[t('itemForm.levelCounty'), t('itemForm.levelTownship'), t('itemForm.levelVillage')]} />
    </Form.Item>
  );
}

type Levels = { county: boolean; township: boolean; village: boolean };

function LevelChecks({ value, onChange, labels }: { value?: Levels; onChange?: (v: Levels) => void; labels: [string, string, string] }) {
  const current = value ?? { county: false, township: false, village: false };
  const keys = ['county', 'township', 'village'] as const;
  return (
    <Space size={24}>
      {keys.map((k, i) => (
        <Checkbox key={k} checked={current[k]} onChange={(e) => onChange?.({ ...current, [k]: e.target.checked })}>
          {labels[i]}
        </Checkbox>
      ))}
    </Space>
  );
}
