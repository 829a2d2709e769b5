import { adrRequests } from '../adr/register';
import { amdecRequests } from '../amdec/register';
import { diagramRequests } from '../diagrams/register';
import { kubernetesRequests } from '../kubernetes/register';
import { mermaidRequests } from '../mermaid/register';
import { raciRequests } from '../raci/register';
import { serveRequests } from '../serve/targets';
import type { RequestFamily } from './requests';

/**
 * Every family's custom requests: the one place to add one (next to createFeatures in registry.ts).
 * Blur's requests are still wired in lsp/server.ts (the compute job layer moves them).
 */
export const requestFamilies: readonly RequestFamily[] = [kubernetesRequests, raciRequests, amdecRequests, adrRequests, diagramRequests, mermaidRequests, serveRequests];
