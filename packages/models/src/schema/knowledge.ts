import { relations, sql } from 'drizzle-orm';
import { index, integer, jsonb, numeric, pgTable, text } from 'drizzle-orm/pg-core';
import type { JsonObject, JsonValue } from './_shared.js';
import { checkWith, atLeast, each, matches } from './check-rules.js';
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
    checkWith(
      'business_product_services_amounts_check',
      sql`${t.basePrice} >= 0 AND ${t.unitCost} >= 0 AND ${t.stockQuantity} >= 0`,
      each(['basePrice', 'unitCost', 'stockQuantity'], atLeast(0)),
    ),
    checkWith('business_product_services_currency_check', sql`${t.currency} ~ '^[A-Z]{3}$'`, {
      fields: { currency: matches(/^[A-Z]{3}$/) },
    }),
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
    checkWith('graph_communities_level_check', sql`${t.level} >= 0`, {
      fields: { level: atLeast(0) },
    }),
  ],
);

// Row types

/** A row of `business_product_services`. */
export type BusinessProductService = typeof businessProductServices.$inferSelect;
/** An insert into `business_product_services`. */
export type NewBusinessProductService = typeof businessProductServices.$inferInsert;
/** A row of `graph_nodes`. */
export type GraphNode = typeof graphNodes.$inferSelect;
/** An insert into `graph_nodes`. */
export type NewGraphNode = typeof graphNodes.$inferInsert;
/** A row of `graph_communities`. */
export type GraphCommunity = typeof graphCommunities.$inferSelect;
/** An insert into `graph_communities`. */
export type NewGraphCommunity = typeof graphCommunities.$inferInsert;

// Relations (drizzle finds them in the schema barrel; names are what `with: { … }` takes)

/** Relations of `business_product_services`. */
export const businessProductServicesRelations = relations(businessProductServices, ({ one }) => ({
  workspace: one(workspaces, {
    fields: [businessProductServices.workspaceId],
    references: [workspaces.id],
  }),
}));

/** Relations of `graph_nodes`. */
export const graphNodesRelations = relations(graphNodes, ({ one }) => ({
  workspace: one(workspaces, { fields: [graphNodes.workspaceId], references: [workspaces.id] }),
}));

/** Relations of `graph_communities`. */
export const graphCommunitiesRelations = relations(graphCommunities, ({ one }) => ({
  workspace: one(workspaces, {
    fields: [graphCommunities.workspaceId],
    references: [workspaces.id],
  }),
}));
