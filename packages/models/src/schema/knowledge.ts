import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgTable, text } from 'drizzle-orm/pg-core';
import type { JsonObject, JsonValue } from './_shared.js';
import { createdAt, idColumn, updatedAt } from './_shared.js';
import { workspaces } from './identity.js';

/** Products and services a workspace sells (money as `numeric(14,4)`, not float). */
export const businessProductServices = pgTable(
  'business_product_services',
  {
    id: idColumn(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    name: text('name').notNull(),
    type: text('type').notNull().default('service'),
    description: text('description'),
    basePrice: numeric('base_price', { precision: 14, scale: 4, mode: 'number' })
      .notNull()
      .default(0),
    unitCost: numeric('unit_cost', { precision: 14, scale: 4, mode: 'number' })
      .notNull()
      .default(0),
    currency: text('currency').notNull().default('USD'),
    stockQuantity: integer('stock_quantity').notNull().default(0),
    metadataJson: jsonb('metadata_json').$type<JsonObject>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('business_product_services_workspace_id_idx').on(t.workspaceId),
    index('business_product_services_external_id_idx').on(t.externalId),
    check(
      'business_product_services_amounts_check',
      sql`${t.basePrice} >= 0 AND ${t.unitCost} >= 0 AND ${t.stockQuantity} >= 0`,
    ),
    check('business_product_services_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`),
  ],
);

/** Nodes of a workspace's knowledge graph. */
export const graphNodes = pgTable(
  'graph_nodes',
  {
    id: idColumn(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    type: text('type').notNull(),
    description: text('description'),
    properties: jsonb('properties').$type<JsonObject>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('graph_nodes_workspace_id_name_idx').on(t.workspaceId, t.name)],
);

/** Communities (clusters) of a workspace's knowledge graph. */
export const graphCommunities = pgTable(
  'graph_communities',
  {
    id: idColumn(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    name: text('name'),
    summary: text('summary'),
    keywords: jsonb('keywords').$type<JsonValue[]>().notNull().default([]),
    level: integer('level').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('graph_communities_workspace_id_idx').on(t.workspaceId),
    check('graph_communities_level_check', sql`${t.level} >= 0`),
  ],
);
