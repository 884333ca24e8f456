/**
 * Masking of residents' personal data for public screens (wall display, printed minutes):
 * 姓名 → 张*, phone → 138****1234, exact house numbers dropped from addresses.
 * Pure functions: the same input always gives the same masked output.
 */

/** Two-character surnames kept whole, so 欧阳娜娜 becomes 欧阳** rather than 欧***. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '西门',
  '南宫',
  '独孤',
]);

/** 张三 → 张*, 李小龙 → 李**, 欧阳娜娜 → 欧阳**; Latin names keep their first letter. Empty stays empty. */
export function maskName(name: string | undefined | null): string {
  const chars = Array.from((name ?? '').trim());
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  const head = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head);
}

/**
 * 13812341234 → 138****1234. Separators and a +86 prefix are dropped first; landlines keep their
 * last four digits (86661234 → ****1234); anything shorter than 7 digits is masked whole.
 */
export function maskPhone(phone: string | undefined | null): string {
  let digits = (phone ?? '').replace(/[^\d]/g, '');
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length === 0) return '';
  if (digits.length >= 11) return digits.slice(0, 3) + '*'.repeat(digits.length - 7) + digits.slice(-4);
  if (digits.length >= 7) return '*'.repeat(digits.length - 4) + digits.slice(-4);
  return '*'.repeat(digits.length);
}

const NUMERAL = '[0-9０-９一二三四五六七八九十百零〇两]';
/** A house number, building, unit, floor or room: "12号", "3栋", "2单元", "301室", "5楼", "12-3号". */
const HOUSE_NUMBER = new RegExp(`${NUMERAL}+(?:[-－—#][0-9０-９]+)*\\s*(?:号楼|号院|号(?!线)|栋|幢|座|单元|室|房|层|楼|户|门牌)`);
const TRAILING_NUMBER = /[\s0-9０-９#\-－—之]+$/;

/**
 * Drops the exact house number and everything finer (building, unit, room) from an address, keeping the
 * street, lane, village or estate: 黄石东路123号5栋2单元301室 → 黄石东路; 金碧花园3栋1202房 → 金碧花园.
 */
export function maskAddress(address: string | undefined | null): string {
  let text = (address ?? '').trim();
  const m = HOUSE_NUMBER.exec(text);
  if (m) text = text.slice(0, m.index);
  return text.replace(TRAILING_NUMBER, '').trim();
}

/** Mobile numbers written inside free text (titles, descriptions) are masked in place. */
export function maskPhonesInText(text: string | undefined | null): string {
  return (text ?? '').replace(
    /(?<!\d)(?:\+?86[-\s]?)?(1[3-9]\d)[-\s]?(\d{4})[-\s]?(\d{4})(?!\d)/g,
    (_m, a: string, _b: string, c: string) => `${a}****${c}`,
  );
}

const HOUSE_NUMBER_G = new RegExp(HOUSE_NUMBER.source, 'g');

/**
 * Free text shown on a public screen (a case title often repeats the address): mobile numbers masked and
 * house numbers dropped. 江夏村大街144号旁违规搭建雨棚 → 江夏村大街旁违规搭建雨棚.
 */
export function maskText(text: string | undefined | null): string {
  return maskPhonesInText(text).replace(HOUSE_NUMBER_G, '');
}
