/**
 * The SMS settings (短信设置, docs/sms.md): kept at the relay only, so online only and said so in Chinese
 * when offline. The relay checks the role (admin) and never answers the gateway key; the core passes the
 * answer on, checked.
 */
import { z } from 'zod';
import { WireError } from '../../../shared/protocol.js';
import { SMS_SETTINGS_OFFLINE, SmsSettingsView } from '../../../shared/sms.js';
import { ApiError } from './errors.js';
import type { CoreParts, HandlersFor } from './handlers.js';

const Ack = z.union([z.object({ ok: z.literal(true), value: SmsSettingsView }), z.object({ ok: z.literal(false), error: WireError })]);

export function smsSettingsHandlers(p: CoreParts): HandlersFor<'smsSettings.get' | 'smsSettings.save'> {
  const call = async (event: string, input: unknown, failed: string) => {
    if (!p.sync.connected) throw new ApiError('OFFLINE', SMS_SETTINGS_OFFLINE);
    let ack: z.infer<typeof Ack>;
    try {
      ack = await p.sync.relayRequest(event, input, Ack);
    } catch (e) {
      const code = typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'RELAY_ERROR';
      if (code === 'OFFLINE') throw new ApiError('OFFLINE', SMS_SETTINGS_OFFLINE);
      throw new ApiError(code, `${failed}：${(e as Error).message}`);
    }
    if (!ack.ok) throw new ApiError(ack.error.code, ack.error.message);
    return ack.value;
  };
  return {
    'smsSettings.get': () => call('sms:settings:get', undefined, '未能读取短信设置'),
    'smsSettings.save': (input) => call('sms:settings:save', input, '短信设置未能保存'),
  };
}
