/** The blur family's French: each English text its code passes to t() (and its rules' descriptions) with its translation. Its descriptor (families/blur.ts) installs it; l10n.test.ts keeps it complete. */
export const frBlur: Readonly<Record<string, string>> = {
  "{0} regions{1}": "{0} zones{1}",
  "1 region{0}": "1 zone{0}",
  "A blur model path does not name an .onnx file: Archipel runs ONNX exports only.": "Le chemin d'un modèle de floutage ne nomme pas un fichier .onnx : Archipel n'exécute que des exports ONNX.",
  "Blurred {0} images: {1}, {2} ms per image": "{0} images floutées : {1}, {2} ms par image",
  "Blurred 1 image: {0}, {1} ms per image": "1 image floutée : {0}, {1} ms par image",
  "Detected in {0} images: {1}, {2} ms per image": "Détection dans {0} images : {1}, {2} ms par image",
  "Detected in 1 image: {0}, {1} ms per image": "Détection dans 1 image : {0}, {1} ms par image",
  "Downloading {0} (YuNet, {1})": "Téléchargement de {0} (YuNet, {1})",
  "No image found (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF).": "Aucune image trouvée (JPEG, PNG, WebP, GIF, TIFF, AVIF, HEIF).",
  "The blur section of archipel.yaml does not match its schema (unknown key, wrong type, value out of range).": "La section blur d'archipel.yaml ne respecte pas son schéma (clé inconnue, mauvais type, valeur hors limites).",
};
