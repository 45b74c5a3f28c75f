/**
 * The phone every browser test and the bench use: 390×844 CSS px at 3×, touch,
 * Chinese locale and China's time zone (activity windows are in UTC+8).
 */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
} as const
