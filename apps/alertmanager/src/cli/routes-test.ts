// `vigil config routes test` and `vigil config routes show`: amtool's routing commands on a local config file.

import { ConfigError, formatIssue, loadAlertmanagerConfig, type ParseOptions } from '../config';
import { Route } from '../dispatch/route';
import { parseLabelArgs, type Labels } from '@vigil/model';
import type { CommandIo } from './command-io';
import { printTree, type TreeNode } from './tree-print';

/** RoutesTestOptions mirror `amtool config routes test` flags. */
export interface RoutesTestOptions extends ParseOptions {
  /** --verify.receivers: fail unless the result equals this comma-separated list. */
  verifyReceivers?: string;
  /** --tree: also print the matching part of the routing tree. */
  tree?: boolean;
}

/** routeReceivers returns the receivers an alert with these labels goes to, in routing order. */
export function routeReceivers(root: Route, labels: Labels): string[] {
  return root.match(labels).map((r) => r.opts.receiver);
}

/** runRoutesTest prints the receivers for a label set (`name=value` arguments) and resolves to the exit code. */
export async function runRoutesTest(
  configFile: string,
  labelArgs: string[],
  opts: RoutesTestOptions,
  io: CommandIo,
): Promise<number> {
  const root = await loadRoot(configFile, opts, io);
  if (!root) return 1;
  let labels: Labels;
  try {
    labels = parseLabelArgs(labelArgs, opts.matcherMode ?? 'fallback');
  } catch (err) {
    io.stderr(`vigil: error: ${(err as Error).message}\n`);
    return 1;
  }
  if (opts.tree) io.stdout(`Matching routes:\n${printTree([matchingTree(root, labels)])}\n\n`);
  const slug = routeReceivers(root, labels).join(',');
  io.stdout(`${slug}\n`);
  if (opts.verifyReceivers !== undefined && opts.verifyReceivers !== '' && opts.verifyReceivers !== slug) {
    io.stdout('WARNING: Expected receivers did not match resolved receivers.\n');
    return 1;
  }
  return 0;
}

/** runRoutesShow prints the whole routing tree as `amtool config routes show` does. */
export async function runRoutesShow(configFile: string, opts: ParseOptions, io: CommandIo): Promise<number> {
  const root = await loadRoot(configFile, opts, io);
  if (!root) return 1;
  const toNode = (r: Route): TreeNode => ({ value: slugOf(r, true, true), children: r.routes.map(toNode) });
  io.stdout(`Routing tree:\n${printTree([toNode(root)])}\n`);
  return 0;
}

async function loadRoot(configFile: string, opts: ParseOptions, io: CommandIo): Promise<Route | undefined> {
  try {
    const config = await loadAlertmanagerConfig(configFile, opts);
    return Route.fromConfig(config.route);
  } catch (err) {
    const message =
      err instanceof ConfigError ? err.issues.map(formatIssue).join('\n') : (err as Error).message;
    io.stderr(`vigil: error: ${message}\n`);
    return undefined;
  }
}

function slugOf(route: Route, showContinue: boolean, showReceiver: boolean): string {
  let slug =
    route.matchers.length === 0 ? 'default-route' : `{${route.matchers.map((m) => m.toString()).join(',')}}`;
  if (route.continue && showContinue) slug += '  continue: true';
  if (showReceiver) slug += `  receiver: ${route.opts.receiver}`;
  return slug;
}

// The routes an alert walks through; the routes it ends at show their receiver.
function matchingTree(route: Route, labels: Labels): TreeNode {
  const node: TreeNode = { value: slugOf(route, false, false), children: [] };
  let final = true;
  for (const child of route.routes) {
    if (child.matchers.every((m) => m.matches(labels[m.name] ?? ''))) {
      node.children.push(matchingTree(child, labels));
      final = false;
      if (!child.continue) break;
    }
  }
  if (final) node.value = slugOf(route, false, true);
  return node;
}
