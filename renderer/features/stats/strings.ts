// The text lives in renderer/i18n/zh-CN/stats.ts; kept so feature modules may import it from here.
export { s, fmt } from '../../i18n/zh-CN/stats.js';
