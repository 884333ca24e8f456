/** The SMS settings in force at this relay, from its configuration (validated; a bad template stops the start). */
import { DEFAULT_SMS_TEMPLATES, parseSmsSettings, type SmsSettings } from '../../shared/sms.js';
import { ConfigError, type RelayConfig } from '../config.js';

export function smsSettingsOf(config: RelayConfig): SmsSettings | null {
  const s = smsDefaultsOf(config);
  return s.gatewayUrl === 'none' ? null : s;
}

/**
 * Every SMS setting from the flags/environment, gateway 'none' included: the defaults an admin's saved
 * settings (relay/sms/settingsStore.ts) replace.
 */
export function smsDefaultsOf(config: RelayConfig): SmsSettings {
  let templates: Record<string, unknown> = { ...DEFAULT_SMS_TEMPLATES };
  if (config.smsTemplates !== undefined) {
    let given: unknown;
    try {
      given = JSON.parse(config.smsTemplates);
    } catch {
      throw new ConfigError(['smsTemplates: 短信模板应为 JSON 对象']);
    }
    if (given === null || typeof given !== 'object' || Array.isArray(given))
      throw new ConfigError(['smsTemplates: 短信模板应为 JSON 对象']);
    templates = { ...templates, ...(given as Record<string, unknown>) };
  }
  const [from, to] = config.smsQuietHours === 'none' ? [] : config.smsQuietHours.split('-');
  const parsed = parseSmsSettings({
    gatewayUrl: config.smsGatewayUrl,
    auth: config.smsAuth,
    key: config.smsKey,
    signName: config.smsSignName,
    ...(from && to ? { quietHours: { from, to } } : {}),
    templates,
  });
  if (!parsed.ok) throw new ConfigError([`sms: ${parsed.message}`]);
  return parsed.settings;
}
