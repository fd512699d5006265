/**
 * Mermaid flowchart of a workflow, optionally coloured by step status.
 *
 * @module
 */
import { normalizeDefinition } from './normalize.js';
import { STEP_STATUSES } from './statuses.js';
import type { StepStatus } from './statuses.js';
import type { Workflow, WorkflowDefinition } from './types.js';

const STYLES: Readonly<Record<StepStatus, string>> = {
  PENDING: 'fill:#f5f5f5,stroke:#9e9e9e,color:#424242',
  RUNNING: 'fill:#e3f2fd,stroke:#1e88e5,color:#0d47a1',
  RETRYING: 'fill:#fff8e1,stroke:#f9a825,color:#795548',
  PAUSED: 'fill:#ede7f6,stroke:#7e57c2,color:#4527a0',
  COMPLETED: 'fill:#e8f5e9,stroke:#43a047,color:#1b5e20',
  FAILED: 'fill:#ffebee,stroke:#e53935,color:#b71c1c',
  SKIPPED: 'fill:#fafafa,stroke:#bdbdbd,color:#757575,stroke-dasharray:4 3',
  CANCELLED: 'fill:#eceff1,stroke:#546e7a,color:#37474f',
};

/** Text safe inside a Mermaid quoted label or edge label. */
function escape(text: string): string {
  return text
    .replace(/&/g, '#amp;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\|/g, '#124;')
    .replace(/[\r\n]+/g, ' ');
}

/** Options of {@link toMermaid}: the status of each step (by id); unlisted steps get no class. */
export interface MermaidState {
  steps: Readonly<Record<string, StepStatus>>;
}

/**
 * A Mermaid `flowchart TD` of the workflow: one node per step (label: title and id), one arrow per
 * edge (conditions as edge labels, ordering edges dotted), one `classDef` per step status and, when
 * `state` is given, a `class` line per status in use. Node ids are `n<index>` so any step id is safe.
 */
export function toMermaid(def: WorkflowDefinition | Workflow, state?: MermaidState): string {
  const workflow = normalizeDefinition(def);
  const lines = ['flowchart TD'];
  const key = new Map<string, string>();
  for (const node of workflow.nodes) {
    const k = `n${node.index}`;
    if (!key.has(node.id)) key.set(node.id, k);
    const label =
      node.title !== undefined && node.title !== node.id ? `${node.title} (${node.id})` : node.id;
    lines.push(`  ${k}["${escape(label)}"]`);
  }
  for (const edge of workflow.edges) {
    const s = key.get(edge.source);
    const t = key.get(edge.target);
    if (s === undefined || t === undefined) continue;
    const arrow = edge.kind === 'ordering' ? '-.->' : '-->';
    lines.push(
      edge.condition === undefined
        ? `  ${s} ${arrow} ${t}`
        : `  ${s} ${arrow}|"${escape(edge.condition)}"| ${t}`,
    );
  }
  for (const status of STEP_STATUSES) lines.push(`  classDef ${status} ${STYLES[status]}`);
  if (state !== undefined) {
    for (const status of STEP_STATUSES) {
      const members = workflow.nodes
        .filter((node) => Object.hasOwn(state.steps, node.id) && state.steps[node.id] === status)
        .map((node) => `n${node.index}`);
      if (members.length > 0) lines.push(`  class ${members.join(',')} ${status}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
