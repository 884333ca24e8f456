/**
 * 文号 for printed notices (issue 15.9): the relay alone numbers them (one sequence per pattern and year),
 * so this is online only and says so in Chinese when offline; a retry with the same request id answers the
 * number already given.
 */
import { z } from 'zod';
import { DOC_NUMBER_OFFLINE, DocNumberResponse } from '../../../shared/docNumber.js';
import { WireError } from '../../../shared/protocol.js';
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';

const Ack = z.union([z.object({ ok: z.literal(true), value: DocNumberResponse }), z.object({ ok: z.literal(false), error: WireError })]);

export function docNumberHandlers(p: CoreParts): HandlersFor<'docNumber.allocate'> {
  return {
    'docNumber.allocate': async (input) => {
      if (!p.sync.connected) throw new ApiError('OFFLINE', DOC_NUMBER_OFFLINE);
      let ack: z.infer<typeof Ack>;
      try {
        ack = await p.sync.relayRequest('docNumber:allocate', input, Ack);
      } catch (e) {
        const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'RELAY_ERROR';
        if (code === 'OFFLINE') throw new ApiError('OFFLINE', DOC_NUMBER_OFFLINE);
        throw new ApiError(code, `未能取得文号：${(e as Error).message}`);
      }
      if (!ack.ok) throw new ApiError(ack.error.code, ack.error.message);
      p.log.info(`docNumber.allocate ${ack.value.number}${ack.value.repeated ? ' (repeated)' : ''}`);
      return ack.value;
    },
  };
}
