// The HTML report's public face.
export { renderHtmlReport, REPORT_CSP } from './render';
