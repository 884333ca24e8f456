/** What every command form module gives the registry: its fields and its starting values. */
import type { ComponentType } from 'react';
import type { FormInstance } from 'antd';
import type { GridEvent } from '../../../../shared/gridEvent.js';
import type { UrgeLevel } from '../../../../shared/model.js';
import type { RefData } from '../../../../shared/refData.js';
import type { Lookups } from '../../ref/lookups.js';
import type { FormValues } from '../commandForms.js';

/** What a command's fields may use: the case, the form, reference data and the engine's answers. */
export interface CommandFieldsProps {
  caseState: GridEvent;
  form: FormInstance<FormValues>;
  ref: RefData | null | undefined;
  lk: Lookups;
  deptOptions: { value: string; label: string }[];
  /** The urge levels the engine allows this actor now (urge only; empty otherwise). */
  urgeLevels: UrgeLevel[];
  /** The precedent chosen in the dispatch form (a hidden field of every form). */
  precedentId: string | undefined;
}

/** What the starting values of a command's form may depend on. */
export interface CommandInitialInput {
  caseState: GridEvent;
  lk: Lookups;
  urgeLevels: UrgeLevel[];
  /** The other case the form was opened for (a suggested duplicate), if any. */
  target?: string;
}

export interface CommandFormSpec {
  /** The command's form fields (inside the shared antd Form of CommandForm). */
  Fields: ComponentType<CommandFieldsProps>;
  /** The form's starting values; none when absent. */
  initial?(input: CommandInitialInput): FormValues;
}
