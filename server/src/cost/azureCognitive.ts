/**
 * The cost of Azure OpenAI deployments (`azurerm_cognitive_deployment`) at the prices of schemas/cost/azure-prices.json,
 * as Infracost prices them: each of the model's meters (text tokens, fine tuning, images, embeddings, speech, code
 * interpreter sessions) times its usage. A meter with no price in the region is left out, as Infracost leaves it out
 * (models are not offered everywhere). Pure.
 */
import type { TerraformResource } from '../terraform/api';
import { Unpriceable, item, num, type CostItem, type RegionPrices, type ResourceUsage } from './model';

/** A language model's version when none is written: Infracost's default (or the only one it knows). */
const DEFAULT_VERSION: Record<string, string> = {
  'gpt-4.5-preview': '2025-02-27', 'gpt-35-turbo': '0125', 'gpt-35-turbo-16k': '0613', 'gpt-4': '0613', 'gpt-4-32k': '0613',
  'gpt-4o': '2024-05-13', 'gpt-4o-mini': '2024-07-18', 'gpt-4o-audio-preview': '2024-12-17', 'gpt-4o-mini-audio-preview': '2024-12-17',
  'gpt-4o-realtime-preview': '', 'gpt-4o-mini-realtime-preview': '2024-12-17', 'computer-use-preview': 'global', o1: '2024-12-17',
  'o1-mini': '2024-09-12', 'o3-mini': '2025-01-31',
};
const AUDIO = new Set(['gpt-4o-audio-preview', 'gpt-4o-mini-audio-preview', 'gpt-4o-realtime-preview', 'gpt-4o-mini-realtime-preview']);
const BASE = new Set(['babbage-002', 'davinci-002']);
const FINE_TUNING = new Set(['babbage-002', 'davinci-002', 'gpt-35-turbo', 'gpt-35-turbo-16k']);
const EMBEDDINGS = new Set(['text-embedding-ada-002', 'text-embedding-3-small', 'text-embedding-3-large']);
const SPEECH = new Set(['whisper', 'tts', 'tts-hd']);


/** A meter: its name, unit, price key, usage key and the usage's divisor (tokens per 1K, images per 100). */
type Meter = [name: string, unit: string, price: string, usageKey: string, per: number];

function meters(model: string): Meter[] {
  const m: Meter[] = [];
  if (model in DEFAULT_VERSION) {
    m.push([`Text input (${model})`, '1K tokens', 'input', 'monthly_language_input_tokens', 1000], [`Text output (${model})`, '1K tokens', 'output', 'monthly_language_output_tokens', 1000], [`Cached text input (${model})`, '1K tokens', 'cachedInput', 'monthly_language_cached_input_tokens', 1000]);
    if (AUDIO.has(model)) m.push([`Audio input tokens (${model})`, '1K tokens', 'audioInput', 'monthly_audio_input_tokens', 1000], [`Audio output tokens (${model})`, '1K tokens', 'audioOutput', 'monthly_audio_output_tokens', 1000]);
  }
  if (BASE.has(model)) m.push([`Base model tokens (${model})`, '1K tokens', 'base', 'monthly_base_model_tokens', 1000]);
  if (FINE_TUNING.has(model)) {
    m.push([`Fine tuning training (${model})`, 'hours', 'fineTuningTraining', 'monthly_fine_tuning_training_hours', 1], [`Fine tuning hosting (${model})`, 'hours', 'fineTuningHosting', 'monthly_fine_tuning_hosting_hours', 1]);
    m.push([`Fine tuning input (${model})`, '1K tokens', 'fineTuningInput', 'monthly_fine_tuning_input_tokens', 1000], [`Fine tuning output (${model})`, '1K tokens', 'fineTuningOutput', 'monthly_fine_tuning_output_tokens', 1000]);
  }
  if (model === 'dall-e-2') m.push([`Standard 1024x1024 images (${model})`, '100 images', 'standard1024x1024', 'monthly_standard_1024_1024_images', 100]);
  if (model === 'dall-e-3') {
    m.push([`Standard 1024x1024 images (${model})`, '100 images', 'standard1024x1024', 'monthly_standard_1024_1024_images', 100], [`Standard 1024x1792 images (${model})`, '100 images', 'standard1024x1792', 'monthly_standard_1024_1792_images', 100]);
    m.push([`HD 1024x1024 images (${model})`, '100 images', 'hd1024x1024', 'monthly_hd_1024_1024_images', 100], [`HD 1024x1792 images (${model})`, '100 images', 'hd1024x1792', 'monthly_hd_1024_1792_images', 100]);
  }
  if (EMBEDDINGS.has(model)) m.push([`Text embeddings (${model})`, '1K tokens', 'embeddings', 'monthly_text_embedding_tokens', 1000]);
  // Whisper bills its hours of audio, the text-to-speech models their characters (per million).
  if (model === 'whisper') m.push([`Text to speech (${model})`, 'hours', 'speech', 'monthly_text_to_speech_hours', 1]);
  else if (SPEECH.has(model)) m.push([`Text to speech (${model})`, '1M characters', 'speech', 'monthly_text_to_speech_characters', 1_000_000]);
  return m;
}

/**
 * An Azure OpenAI deployment: its model's meters at a Standard deployment's prices; a language model's code interpreter
 * sessions. Every quantity is a usage. Free tier: nothing. Other SKUs (global, data zone, batch, provisioned): listed,
 * their prices are not in the price list.
 */
function cognitiveDeployment(r: TerraformResource, prices: RegionPrices, usage: ResourceUsage): CostItem[] {
  const model = r.blocks.model?.[0];
  const sku = r.blocks.sku?.[0];
  if (!model || !sku) throw new Unpriceable('its model or sku block is not literal');
  for (const key of ['name', 'version']) if (model.written.includes(key) && model.attributes[key] === undefined) throw new Unpriceable(`model.${key} is not literal`);
  for (const key of ['name', 'tier']) if (sku.written.includes(key) && sku.attributes[key] === undefined) throw new Unpriceable(`sku.${key} is not literal`);
  if ((sku.attributes.tier ?? '').toLowerCase() === 'free') return [];
  const skuName = sku.attributes.name ?? '';
  if (skuName.toLowerCase() !== 'standard') throw new Unpriceable(`sku ${skuName}: only Standard deployments' prices are in the price list`);
  const name = model.attributes.name ?? '';
  const list = meters(name);
  if (list.length === 0) throw new Unpriceable(`model ${name} is not priced`);
  const openAi = prices.azureOpenAi;
  if (!openAi) throw new Unpriceable(`no Azure OpenAI prices for ${r.region ?? 'its region'}`);
  const language = name in DEFAULT_VERSION;
  // A language model's token meters are its version's; its other meters (fine tuning) the model's.
  const meterPrices = { ...openAi.models[name], ...(language ? openAi.models[`${name}@${model.attributes.version ?? DEFAULT_VERSION[name]}`] : {}) };
  const items: CostItem[] = [];
  const add = (label: string, unit: string, price: number, key: string, per: number) => {
    const count = num(usage[key]);
    items.push(item(label, unit, price, count === undefined ? undefined : count / per, openAi.source, count === undefined ? { usageKey: key } : {}));
  };
  for (const [label, unit, key, usageKey, per] of list) if (meterPrices[key] !== undefined) add(label, unit, meterPrices[key], usageKey, per);
  if (language && openAi.codeInterpreterSession !== undefined) add('Code interpreter sessions', 'sessions', openAi.codeInterpreterSession, 'monthly_code_interpreter_sessions', 1);
  if (items.length === 0) throw new Unpriceable(`no price for model ${name} in ${r.region ?? 'its region'}`);
  return items;
}

export const AZURE_COGNITIVE_PRICERS: Record<string, (r: TerraformResource, prices: RegionPrices, usage: ResourceUsage) => CostItem[]> = {
  azurerm_cognitive_deployment: cognitiveDeployment,
};
