/** Dense but calm light theme (ux.md): antd defaults, compact sizes, muted borders. */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1d5fbf',
    fontSize: 13,
    borderRadius: 4,
    controlHeight: 30,
    fontFamily: "-apple-system, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif",
    colorBgLayout: '#f3f5f8',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 48, headerPadding: '0 16px', siderBg: '#ffffff' },
    Table: { cellPaddingBlockSM: 4, cellPaddingInlineSM: 8 },
    Card: { paddingLG: 16 },
  },
};
