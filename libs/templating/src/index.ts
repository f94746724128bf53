// Prometheus label/annotation templates: Go text/template with Prometheus's functions.
export {
  ALERT_DATA_TYPE,
  ALERT_TEMPLATE_DEFS,
  alertTemplateData,
  alertTemplateName,
  checkTemplate,
  expandAlertTemplate,
  expandTemplate,
  ExpandError,
  type AlertTemplateData,
  type ExpandOptions,
} from './expand';
export { Template, type FuncMap } from './template/template';
export { TemplateError, ExecError } from './template/errors';
export { isTrue } from './template/reflect';
export {
  prometheusFunctions,
  queryResultValue,
  SAMPLE,
  QUERY_RESULT,
  HTML,
  type FunctionOptions,
} from './prometheus/functions';
export { humanize, humanize1024, humanizeDuration, humanizePercentage } from './prometheus/humanize';
export { Value, toValue, makeMap, makeSlice, makeStruct, stringMap } from './go/value';
export {
  GoType,
  T,
  mapOf,
  sliceOf,
  structOf,
  funcOf,
  namedType,
  type FuncSig,
  type GoFunc,
  type GoMethod,
  type GoField,
  type Kind,
} from './go/types';
export { goFunc, type GoFuncOptions } from './go/func';
export { sprint, sprintf, sprintln } from './go/fmt';
export { formatFloat, quote } from './go/strconv';
export { GoRegexp } from './go/regexp';
export { TIME, DURATION, timeValue, durationValue, formatTime, formatDuration } from './go/time';
export { htmlEscapeString, jsEscapeString, queryEscape } from './go/escape';
