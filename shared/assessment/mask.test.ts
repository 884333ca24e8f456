import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { maskAddress, maskName, maskPhone, maskPhonesInText, maskText } from './mask.js';

describe('maskName', () => {
  it('keeps the surname and hides the given name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('李小龙')).toBe('李**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName(' 王五 ')).toBe('王*');
    expect(maskName('王')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName(undefined)).toBe('');
  });
  it('never reveals more than the surname (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('张', '王', '李', '欧', '阳', '明', '华', 'a', 'b'), minLength: 2, maxLength: 6 }),
        (name) => {
          const masked = maskName(name);
          const chars = Array.from(name.trim());
          expect(Array.from(masked)).toHaveLength(chars.length);
          const visible = Array.from(masked).filter((c) => c !== '*').length;
          expect(visible).toBeLessThanOrEqual(2);
          expect(masked.endsWith('*')).toBe(true);
        },
      ),
    );
  });
});

describe('maskPhone', () => {
  it('masks mobiles as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('138-1234-1234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 1234')).toBe('138****1234');
  });
  it('keeps only the last four digits of a landline', () => {
    expect(maskPhone('86661234')).toBe('****1234');
    expect(maskPhone('020-86661234')).toBe('020****1234');
  });
  it('masks short numbers whole and empty stays empty', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(null)).toBe('');
  });
  it('never shows the middle four digits of a mobile (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const m = maskPhone(phone);
        expect(m).toHaveLength(11);
        expect(m.slice(3, 7)).toBe('****');
        expect(m.slice(0, 3)).toBe(phone.slice(0, 3));
        expect(m.slice(7)).toBe(phone.slice(7));
      }),
    );
  });
});

describe('maskAddress', () => {
  it('drops house numbers and everything finer', () => {
    expect(maskAddress('黄石东路123号5栋2单元301室')).toBe('黄石东路');
    expect(maskAddress('金碧花园3栋1202房')).toBe('金碧花园');
    expect(maskAddress('江夏村北三巷12号')).toBe('江夏村北三巷');
    expect(maskAddress('白云大道北88-2号旁')).toBe('白云大道北');
    expect(maskAddress('马务新村十二栋')).toBe('马务新村');
    expect(maskAddress('鹤边一社 7 号楼东侧')).toBe('鹤边一社');
    expect(maskAddress('黄石西路 45')).toBe('黄石西路');
  });
  it('keeps addresses without a house number', () => {
    expect(maskAddress('黄石东路与江夏路交叉口')).toBe('黄石东路与江夏路交叉口');
    expect(maskAddress('地铁三号线黄边站B出口')).toBe('地铁三号线黄边站B出口');
    expect(maskAddress('')).toBe('');
  });
  it('never keeps a digit followed by 号/栋/室 (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('黄石东路', '江夏村', '金碧花园'),
        fc.integer({ min: 1, max: 999 }),
        fc.constantFrom('号', '栋', '室', '号楼'),
        fc.string({ maxLength: 6 }),
        (street, n, suffix, rest) => {
          const masked = maskAddress(`${street}${n}${suffix}${rest}`);
          expect(masked).toBe(street);
        },
      ),
    );
  });
});

describe('maskPhonesInText', () => {
  it('masks mobiles written inside a title', () => {
    expect(maskPhonesInText('居民（电话13812341234）反映噪音')).toBe('居民（电话138****1234）反映噪音');
    expect(maskPhonesInText('联系 138 1234 5678 即可')).toBe('联系 138****5678 即可');
    expect(maskPhonesInText('编号 SJ20261126000112345678901')).toBe('编号 SJ20261126000112345678901');
  });
});

describe('maskText', () => {
  it('drops house numbers and masks phones in titles', () => {
    expect(maskText('江夏村大街144号旁违规搭建雨棚')).toBe('江夏村大街旁违规搭建雨棚');
    expect(maskText('金碧花园3栋1202房漏水，电话13812341234')).toBe('金碧花园漏水，电话138****1234');
    expect(maskText('消防通道堵塞')).toBe('消防通道堵塞');
  });
});
