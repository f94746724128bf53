// Schemas of the status and receiver resources of Alertmanager's API v2, in the order Alertmanager writes them.

import { LabelSetSchema } from '@vigil/contracts';
import Type from 'typebox';
import type { Static } from 'typebox';
import { QueryListSchema } from './alert-schemas';

/** PeerStatusSchema is one cluster peer. */
export const PeerStatusSchema = Type.Object({ address: Type.String(), name: Type.String() });

/** ClusterStatusSchema is `clusterStatus`; `name` is absent when clustering is disabled. */
export const ClusterStatusSchema = Type.Object({
  name: Type.Optional(Type.String()),
  peers: Type.Array(PeerStatusSchema),
  status: Type.Union([Type.Literal('ready'), Type.Literal('settling'), Type.Literal('disabled')]),
});

/** ClusterStatus is the cluster part of `GET /api/v2/status`. */
export type ClusterStatus = Static<typeof ClusterStatusSchema>;

/** VersionInfoSchema is `versionInfo` (Go's build information fields). */
export const VersionInfoSchema = Type.Object({
  branch: Type.String(),
  buildDate: Type.String(),
  buildUser: Type.String(),
  goVersion: Type.String(),
  revision: Type.String(),
  version: Type.String(),
});

/** VersionInfo is the build information `GET /api/v2/status` reports. */
export type VersionInfo = Static<typeof VersionInfoSchema>;

/** AlertmanagerStatusSchema is `alertmanagerStatus`; `uptime` is the start time, `config.original` the redacted YAML. */
export const AlertmanagerStatusSchema = Type.Object({
  cluster: ClusterStatusSchema,
  config: Type.Object({ original: Type.String() }),
  uptime: Type.String(),
  versionInfo: VersionInfoSchema,
});

/** ApiReceiverSchema is `receiver`. */
export const ApiReceiverSchema = Type.Object({
  labels: Type.Optional(LabelSetSchema),
  name: Type.String(),
});

/** ReceiversQuerySchema is the query of `GET /api/v2/receivers`. */
export const ReceiversQuerySchema = Type.Object({ receiver_matchers: Type.Optional(QueryListSchema) });
