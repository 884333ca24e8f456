import { describe, expect, it } from 'vitest';
import { Command } from '../../../shared/commands.js';
import { attachmentNames, newRegistrationId, PHONE, registerCommand } from './registerCommand.js';

const base = {
  channel: 'phone' as const,
  title: ' 楼道灯不亮 ',
  description: '来电反映',
  address: '中山路9号',
  communityId: 'c1',
  gridId: 'g1',
};

describe('registerCommand', () => {
  it('builds a valid centre report with channel, reporter and attachments', () => {
    const cmd = registerCommand(
      { ...base, reporterName: '王先生', reporterPhone: '139-1234-5678', attachments: '现场.jpg\n\n说明.pdf ' },
      'ct-1',
    );
    expect(Command.parse(cmd)).toMatchObject({ source: 'centre', channel: 'phone', title: '楼道灯不亮' });
    expect(cmd.reporter).toEqual({ name: '王先生', phone: '139-1234-5678' });
    expect(cmd.attachments).toEqual([
      { name: '现场.jpg', kind: 'photo' },
      { name: '说明.pdf', kind: 'document' },
    ]);
  });
  it('leaves out an empty reporter and location; a phone alone gets an anonymous name', () => {
    expect(registerCommand(base, 'ct-2').reporter).toBeUndefined();
    expect(registerCommand(base, 'ct-2').location).toBeUndefined();
    expect(registerCommand({ ...base, reporterPhone: '13800001111' }, 'ct-3').reporter).toEqual({ name: '匿名', phone: '13800001111' });
  });
  it('phone rule and attachment lines', () => {
    expect(PHONE.test('+86 139-1234-5678')).toBe(true);
    expect(PHONE.test('电话')).toBe(false);
    expect(attachmentNames(' a \n\nb')).toEqual(['a', 'b']);
    expect(newRegistrationId()).not.toBe(newRegistrationId());
  });
});
