/**
 * Kubernetes' ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (`admissionregistration.k8s.io` v1, and
 * the v1beta1/v1alpha1 forms) as the evaluator reads them: only the fields it uses are typed, the rest stays JSON.
 */
import { isObject, type JsonObject } from './kyverno';

const ADMISSION_API = /^admissionregistration\.k8s\.io\/v1(beta1|alpha1)?$/;
/** Kyverno's ValidatingPolicy: a ValidatingAdmissionPolicy's fields with its own `validationActions`. */
const KYVERNO_POLICIES_API = /^policies\.kyverno\.io\/v1(beta1|alpha1)?$/;

export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

export interface Validation {
  readonly expression: string;
  readonly message?: string;
  readonly messageExpression?: string;
}

export interface AdmissionPolicy {
  readonly name: string;
  readonly paramKind?: { readonly apiVersion: string; readonly kind: string };
  readonly matchConstraints?: JsonObject;
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
  readonly validations: readonly Validation[];
  /** `Fail` (an expression that errors denies) or `Ignore`. */
  readonly failurePolicy: 'Fail' | 'Ignore';
  /** A Kyverno ValidatingPolicy's own actions (`Deny`, `Audit`, `Warn`); a ValidatingAdmissionPolicy's are its bindings'. */
  readonly validationActions?: readonly string[];
  /** A Kyverno ValidatingPolicy on Pods: the controllers (resource names) it is also applied to, on their Pod template. */
  readonly autogen?: readonly string[];
}

export interface AdmissionBinding {
  readonly name: string;
  readonly policyName: string;
  readonly paramRef?: JsonObject;
  readonly matchResources?: JsonObject;
  /** `Deny`, `Warn`, `Audit`. */
  readonly validationActions: readonly string[];
}

const isKind = (doc: unknown, kind: string): doc is JsonObject => isObject(doc) && typeof doc.apiVersion === 'string' && ADMISSION_API.test(doc.apiVersion) && doc.kind === kind;

function nameOf(doc: JsonObject): string {
  return isObject(doc.metadata) && typeof doc.metadata.name === 'string' ? doc.metadata.name : '';
}

function named(value: unknown): NamedExpression[] {
  return (Array.isArray(value) ? value : []).flatMap((item) => (isObject(item) && typeof item.name === 'string' && typeof item.expression === 'string' ? [{ name: item.name, expression: item.expression }] : []));
}

const POD_CONTROLLERS = ['daemonsets', 'deployments', 'jobs', 'statefulsets', 'replicasets', 'replicationcontrollers', 'cronjobs'];

/** The controllers a ValidatingPolicy's autogen names (`spec.autogen.podControllers.controllers`; every Pod controller by default). */
function autogenOf(spec: JsonObject): string[] {
  const controllers = isObject(spec.autogen) && isObject(spec.autogen.podControllers) ? spec.autogen.podControllers.controllers : undefined;
  return Array.isArray(controllers) ? controllers.filter((item): item is string => typeof item === 'string').map((item) => item.toLowerCase()) : POD_CONTROLLERS;
}

export function readAdmissionPolicy(doc: unknown): AdmissionPolicy | undefined {
  const kyverno = isObject(doc) && typeof doc.apiVersion === 'string' && KYVERNO_POLICIES_API.test(doc.apiVersion) && doc.kind === 'ValidatingPolicy';
  if (!isKind(doc, 'ValidatingAdmissionPolicy') && !kyverno) return undefined;
  const spec = isObject(doc.spec) ? doc.spec : {};
  const paramKind = isObject(spec.paramKind) && typeof spec.paramKind.kind === 'string' ? { apiVersion: typeof spec.paramKind.apiVersion === 'string' ? spec.paramKind.apiVersion : '', kind: spec.paramKind.kind } : undefined;
  const validations = (Array.isArray(spec.validations) ? spec.validations : []).flatMap((item): Validation[] =>
    isObject(item) && typeof item.expression === 'string'
      ? [{ expression: item.expression, ...(typeof item.message === 'string' ? { message: item.message } : {}), ...(typeof item.messageExpression === 'string' ? { messageExpression: item.messageExpression } : {}) }]
      : [],
  );
  return {
    name: nameOf(doc),
    ...(paramKind ? { paramKind } : {}),
    ...(isObject(spec.matchConstraints) ? { matchConstraints: spec.matchConstraints } : {}),
    matchConditions: named(spec.matchConditions),
    variables: named(spec.variables),
    validations,
    failurePolicy: spec.failurePolicy === 'Ignore' ? 'Ignore' : 'Fail',
    ...(kyverno ? { autogen: autogenOf(spec) } : {}),
    ...(kyverno ? { validationActions: Array.isArray(spec.validationActions) ? spec.validationActions.filter((item): item is string => typeof item === 'string') : ['Audit'] } : {}),
  };
}

export function readAdmissionBinding(doc: unknown): AdmissionBinding | undefined {
  if (!isKind(doc, 'ValidatingAdmissionPolicyBinding')) return undefined;
  const spec = isObject(doc.spec) ? doc.spec : {};
  return {
    name: nameOf(doc),
    policyName: typeof spec.policyName === 'string' ? spec.policyName : '',
    ...(isObject(spec.paramRef) ? { paramRef: spec.paramRef } : {}),
    ...(isObject(spec.matchResources) ? { matchResources: spec.matchResources } : {}),
    validationActions: Array.isArray(spec.validationActions) ? spec.validationActions.filter((item): item is string => typeof item === 'string') : ['Deny'],
  };
}
