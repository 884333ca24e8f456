/**
 * The SMS log (短信记录, issue 15.4): kept at the relay only, so online only and said so in Chinese when
 * offline. The relay checks the role and masks mobile numbers; the core passes the answer on, checked.
 */
import { z } from 'zod';
import { WireError } from '../../../shared/protocol.js';
import { SMS_LOG_OFFLINE, SmsListResponse } from '../../../shared/smsLog.js';
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';

const Ack = z.union([z.object({ ok: z.literal(true), value: SmsListResponse }), z.object({ ok: z.literal(false), error: WireError })]);

export function smsLogHandlers(p: CoreParts): HandlersFor<'sms.list'> {
  return {
    'sms.list': async (input) => {
      if (!p.sync.connected) throw new ApiError('OFFLINE', SMS_LOG_OFFLINE);
      let ack: z.infer<typeof Ack>;
      try {
        ack = await p.sync.relayRequest('sms:list', input, Ack);
      } catch (e) {
        const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'RELAY_ERROR';
        if (code === 'OFFLINE') throw new ApiError('OFFLINE', SMS_LOG_OFFLINE);
        throw new ApiError(code, `未能读取短信记录：${(e as Error).message}`);
      }
      if (!ack.ok) throw new ApiError(ack.error.code, ack.error.message);
      return ack.value;
    },
  };
}
