/** 标注位置: pick or correct the case's position on the map; optionally move it to the located grid. */
import { NoteField } from './fields.js';
import { LocationPicker, locationInitial } from './location.js';
import type { CommandFieldsProps, CommandFormSpec } from './types.js';

function LocateFields({ caseState, form, ref }: CommandFieldsProps) {
  return (
    <>
      <LocationPicker caseState={caseState} form={form} ref={ref} required />
      <NoteField />
    </>
  );
}

export const locate: CommandFormSpec = {
  Fields: LocateFields,
  initial: ({ caseState }) => locationInitial(caseState),
};
