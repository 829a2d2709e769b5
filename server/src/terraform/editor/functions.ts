/**
 * Terraform's built-in functions (schemas/terraform-functions/functions.json, the shape of
 * `terraform metadata functions -json`): their signatures as terraform-ls writes them
 * (`join(separator string, …lists list of string) string`), signature help on a call being typed.
 */
import { MarkupKind, type SignatureHelp, type SignatureInformation } from 'vscode-languageserver-types';
import { friendlyType, type CtyType } from './schema';

export interface FunctionParameter {
  name: string;
  type: CtyType;
  description?: string;
}

export interface FunctionSignature {
  description: string;
  return_type: CtyType;
  parameters: FunctionParameter[];
  variadic_parameter?: FunctionParameter;
}

/** `terraform metadata functions -json`'s output. */
export interface FunctionTable {
  format_version: string;
  function_signatures: Record<string, FunctionSignature>;
}

/** A function's signature label and where each parameter is in it. */
export function signatureLabel(name: string, signature: FunctionSignature): { label: string; parameters: [number, number][] } {
  let label = `${name}(`;
  const parameters: [number, number][] = [];
  const all = [...signature.parameters.map((p) => ({ p, variadic: false })), ...(signature.variadic_parameter ? [{ p: signature.variadic_parameter, variadic: true }] : [])];
  all.forEach(({ p, variadic }, i) => {
    if (i > 0) label += ', ';
    const start = label.length;
    label += `${variadic ? '…' : ''}${p.name} ${friendlyType(p.type)}`;
    parameters.push([start, label.length]);
  });
  label += `) ${friendlyType(signature.return_type)}`;
  return { label, parameters };
}

/** Signature help for the `argument`th argument of a call of `name`. */
export function signatureHelp(functions: FunctionTable | undefined, name: string, argument: number): SignatureHelp | undefined {
  const signature = functions?.function_signatures[name];
  if (!signature) return undefined;
  const { label, parameters } = signatureLabel(name, signature);
  const all = [...signature.parameters, ...(signature.variadic_parameter ? [signature.variadic_parameter] : [])];
  const information: SignatureInformation = {
    label,
    documentation: { kind: MarkupKind.Markdown, value: signature.description },
    parameters: all.map((p, i) => ({ label: parameters[i], ...(p.description ? { documentation: { kind: MarkupKind.Markdown, value: p.description } } : {}) })),
  };
  // Past the last parameter: the variadic one, if any.
  const active = signature.variadic_parameter ? Math.min(argument, all.length - 1) : argument;
  return { signatures: [information], activeSignature: 0, activeParameter: active };
}

/** A function's hover: its signature and description. */
export function functionHover(functions: FunctionTable | undefined, name: string): string | undefined {
  const signature = functions?.function_signatures[name];
  if (!signature) return undefined;
  return `\`\`\`terraform\n${signatureLabel(name, signature).label}\n\`\`\`\n\n${signature.description}`;
}
