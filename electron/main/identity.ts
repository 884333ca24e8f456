/** Names the shell and the installer configuration (electron-builder.yml) must agree on. Pure. */

/** electron-builder `appId`; also the Windows AppUserModelID, without which notifications do not show. */
export const APP_ID = 'cn.gridcentre.commandcentre';
export const PRODUCT_NAME = '网格化服务管理中心';
/** ASCII folder name under the OS app-data directory, stable between development and installed builds. */
export const USER_DATA_DIR_NAME = 'grid-command-centre';
