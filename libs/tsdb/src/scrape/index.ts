// Prometheus-compatible scraping: exposition parsers, relabeling, target building, file discovery, scrape loops.
export {
  ExpositionError,
  formatFromContentType,
  parseExposition,
  parseGoFloat,
  type ExpositionFormat,
  type ScrapedSample,
} from './exposition';
export { FILEPATH_LABEL, FileDiscovery, parseTargetGroupsFile } from './file-sd';
export {
  DEFAULT_RELABEL_CONFIG,
  RELABEL_ACTIONS,
  compileRelabelConfigs,
  compileRelabelRegex,
  expandTemplate,
  hashmod,
  relabel,
  type CompiledRegex,
  type CompiledRelabel,
  type RelabelAction,
  type RelabelConfig,
} from './relabel';
export {
  SCRAPE_ACCEPT_HEADER,
  SCRAPE_USER_AGENT,
  createScraper,
  type ScrapeResponse,
  type Scraper,
} from './scrape-client';
export {
  DEFAULT_FILE_SD_REFRESH_MS,
  type FileSdConfig,
  type ScrapeAuthorization,
  type ScrapeBasicAuth,
  type ScrapeConfig,
  type ScrapeHttpConfig,
  type ScrapeTlsConfig,
  type TargetGroup,
} from './scrape-config';
export { SYSTEM_CLOCK, type Clock, type RefusedCounts, type TargetHealth } from './scrape-loop';
export {
  ScrapeManager,
  type ActiveTargetView,
  type DroppedTargetView,
  type ScrapeManagerOptions,
  type TargetRetriever,
} from './scrape-manager';
export { discoveredLabels, populateLabels, targetUrl, type TargetOutcome } from './target';
