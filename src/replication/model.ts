/**
 * The replication engine's vocabulary: a resource as the engine sees it (a Node), the two sides
 * it talks to, and the resource-type modules that know one AWS resource type each.
 *
 * A Node is side-neutral: its `props` hold what the resource is (never its generated ids or
 * dates), references to other replicated resources are written as their keys, and ARNs of the
 * source's region/account carry tokens (neutral.ts). Comparing a translated source Node with the
 * target's Node of the same key is therefore a plain deep-equality (verify.ts, plan.ts).
 */
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import type { LambdaClient } from '@aws-sdk/client-lambda';

/** One resource. `key` is `Type:id` segments joined by '>' from the top-level resource down. */
export interface Node {
  type: string;
  key: string;
  /** The physical id on its side (an API id, a resource id, a stage name...). */
  id: string;
  /** Key of the resource this one lives under (a method's resource, a stage's API). */
  parent?: string;
  /** A readable name for `deps` and reports. */
  label: string;
  /** What the resource is: compared between source and target, written to the target. */
  props: Record<string, unknown>;
  /** Carried to the target but not compared (an API key's value, a function's code). */
  payload?: Record<string, unknown>;
}

export interface SideConfig {
  /** Endpoint URL; omitted for AWS itself. */
  endpoint?: string;
  region: string;
  account: string;
  /** Static credentials, or a shared-config profile name. Omitted: the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  profile?: string;
}

/** SDK clients of one side. Only these reach the source or the target: never Gatehouse's store. */
export interface Side {
  config: SideConfig;
  apigateway: APIGatewayClient;
  /** HTTP and WebSocket APIs, VPC links v2, API mappings. */
  apigatewayv2: ApiGatewayV2Client;
  lambda: LambdaClient;
}

/** Which source resources are replicated (the seed's "selected for replication"). */
export interface Selection {
  /** API ids (REST, HTTP and WebSocket APIs alike); with `tags` an API qualifies if it matches either. */
  restApiIds?: string[];
  /** key=value pairs an API's tags must all hold. */
  tags?: Record<string, string>;
  /** Every REST API of the source scope (the default when nothing else is given). */
  all?: boolean;
}

/** What a type's own translation can use. */
export interface TranslateHooks {
  /** The target name of a top-level resource (failover test prefixes it). */
  name(name: string): string;
  /** The target host name of a custom domain name (a failover test prefixes a label). */
  domainName(name: string): string;
  /** Where the node is restored (rules that rewrite a region inside a URL: JWT issuers). */
  target: { region: string; account: string };
  /** The user's mapping file entry for a source value (user pool ids, client ids, subnets). */
  mapped(value: string): string | undefined;
  /** Records a translation in the report. */
  report(path: string, from: string, to: string, rule: string, status: TranslationStatus): void;
}

export type TranslationStatus = 'replicated' | 'rule' | 'mapped' | 'external' | 'untranslated';

export interface ListOptions {
  /** Capturing the source: also read what is carried but not compared (exports, code). */
  capture: boolean;
  /**
   * Capturing the children of a resource read by id (a function reached from URIs): the included
   * nodes that name it, so only what they name is kept (the versions and aliases URIs qualify).
   */
  referencing?: Node[];
}

/** What a type module needs to write to the target. */
export interface ApplyContext {
  target: Side;
  /** Resolves a source key to the target's physical id (throws if not materialised yet). */
  targetId(key: string): string;
  /** Name given to top-level resources in the target (failover test prefixes names). */
  name(name: string): string;
  /** Tags marking a created resource as this environment's (and naming its source). */
  marker(node: Node): Record<string, string>;
  /** failover or failover test. */
  mode: 'failover' | 'test';
}

/**
 * A resource type: how to list it on a side, and create/update/delete it on the target. The
 * registry (registry.ts) holds one module per type; v2 types register the same way.
 */
export interface ResourceType {
  type: string;
  /** Type of the parent resource, or undefined for top-level (region-scoped) types. */
  parentType?: string;
  /** Apply order: lower first (creates/updates ascending, deletes descending). */
  order: number;
  /** Id segments of this type map through the journal; otherwise they are natural (paths, names). */
  idKeyed: boolean;
  /**
   * Nodes this answers true for are applied at `late.order` instead (a canary's deployment, whose
   * snapshot is the working state, is made once the working state is rebuilt).
   */
  late?: { order: number; applies(node: Node): boolean };
  /** Target resources of this type that the source lacks are kept, not deleted (deployment history). */
  keepExtra?: boolean;
  /** Selectable (by id or tags) and brought with its whole tree: REST APIs, later HTTP/WebSocket APIs. */
  root?: boolean;
  /** For types read by id (`get`): the ids of this type a node names (functions in URIs). */
  referencedIds?(node: Node, side: SideConfig): string[];
  /** Written in a failover only, never in a failover test (account-wide settings). */
  failoverOnly?: boolean;
  /** Lists the resources of this type (under `parent` for child types). */
  list(side: Side, parent: Node | undefined, options: ListOptions): Promise<Node[]>;
  /** Reads one top-level resource by id (types the inventory reaches by reference: functions). */
  get?(side: Side, id: string, options: ListOptions): Promise<Node | undefined>;
  /** Creates the resource on the target and answers its physical id. */
  create(ctx: ApplyContext, desired: Node, parentTargetId: string | undefined): Promise<string>;
  /**
   * Brings an existing target resource to `desired`; absent, or answering 'replace' (a change
   * no update can make), the engine deletes it and creates it again.
   */
  update?(ctx: ApplyContext, desired: Node, actual: Node, parentTargetId: string | undefined): Promise<void | 'replace'>;
  delete(ctx: ApplyContext, actual: Node, parentTargetId: string | undefined): Promise<void>;
  /** Type-specific translation after the generic one (names, EDGE -> REGIONAL); edits `node` in place. */
  translate?(node: Node, hooks: TranslateHooks): void;
  /** Keys this node pulls in beyond its parent and the keys in its props (deps.ts). */
  dependsOn?(node: Node, all: Map<string, Node>): string[];
  /** Finds a target resource created by an interrupted run before its journal line was written. */
  adopt?(ctx: ApplyContext, source: Node, parentTargetId: string | undefined): Promise<string | undefined>;
}

/** The tag that names, on a target resource, the source resource it was recovered from. */
export const SOURCE_TAG = 'gatehouse-dr:source';
/** The tag that names the environment (failover, or the failover test's id). */
export const ENV_TAG = 'gatehouse-dr:environment';
