// Helpers shared by the integration schemas Vigil parses but does not send to.

import { httpUrl, secretUrl } from './kinds';
import type { NotifierBase } from './notifiers-core';
import { field, type Field } from './schema';

/** IntegrationConfig is an integration entry Vigil parses but does not send to; fields are camelCase. */
export type IntegrationConfig = NotifierBase & Record<string, unknown>;

/** url is an optional http(s) URL field. */
export const url = (key: string, prop: string, omitEmpty = true): Field =>
  field(key, prop, httpUrl, { omitEmpty, pointer: true });

/** secretUrlField is an optional secret URL field. */
export const secretUrlField = (key: string, prop: string): Field =>
  field(key, prop, secretUrl, { omitEmpty: true, pointer: true });

/** both tells whether two alternatives (value and file) are both set. */
export const both = (o: Record<string, unknown>, a: string, b: string): boolean =>
  o[a] !== undefined && o[a] !== '' && o[b] !== undefined && o[b] !== '';
