/** Assessment: the indicator inputs, freezing a result (through the relay), the frozen results (assessment.ts). */
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';

export function assessmentHandlers(p: CoreParts): HandlersFor<'assessment.inputs' | 'assessment.freeze' | 'assessment.list'> {
  const { assessments } = p;
  return {
    'assessment.inputs': (input) => assessments.inputs(input),
    'assessment.freeze': async (input) => {
      const out = await assessments.freeze(input);
      if (!out.ok) throw new ApiError(out.code, out.message);
      return out.value;
    },
    'assessment.list': async (input) => {
      const out = await assessments.list(input);
      if (!out.ok) throw new ApiError(out.code, out.message);
      return out.value;
    },
  };
}
