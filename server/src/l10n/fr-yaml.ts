/**
 * French for the messages every YAML and Markdown family shares: YAML syntax, limits and duplicate
 * keys (server/src/yaml/), schema validation (server/src/schema/errors.ts), Mermaid diagrams
 * (server/src/mermaid/) and the common checks (server/src/common/). Merged by t.ts. The yaml
 * package's and Mermaid's own parser messages, quoted after the colon, stay as those libraries
 * write them (English).
 */
export const frYaml: Readonly<Record<string, string>> = {
  // YAML (server/src/yaml/syntax.ts, limits.ts, expansion.ts).
  "YAML syntax error: {0}.": "Erreur de syntaxe YAML : {0}.",
  "YAML warning: {0}.": "Avertissement YAML : {0}.",
  "{0} more YAML syntax errors in this document are not shown (Archipel reports the first {1}).": "{0} autres erreurs de syntaxe YAML de ce document ne sont pas affichées (Archipel signale les {1} premières).",
  "Duplicate key: \"{0}\" is already a key of this mapping; YAML parsers disagree on which value wins.": "Clé en double : « {0} » est déjà une clé de ce mapping ; les analyseurs YAML ne s'accordent pas sur la valeur retenue.",
  "YAML cannot be expanded: {0}": "Le YAML ne peut pas être développé : {0}",
  "YAML not read: it nests more than {0} levels deep (Archipel's limit, which keeps the parsers within bounded time and stack). Flatten the structure or split the file.": "YAML non lu : il s'imbrique sur plus de {0} niveaux (limite d'Archipel, qui borne le temps et la pile des analyseurs). Aplatissez la structure ou découpez le fichier.",
  "aliases expand this document to {0} values, more than ten times its {1} distinct values (a \"billion laughs\" document). Archipel does not expand it.": "les alias développent ce document en {0} valeurs, plus de dix fois ses {1} valeurs distinctes (un document « billion laughs »). Archipel ne le développe pas.",
  // Schema validation (server/src/schema/errors.ts).
  "(document)": "(document)",
  "sequence": "séquence",
  "mapping": "mapping",
  "string": "chaîne",
  "integer": "entier",
  "number": "nombre",
  "boolean": "booléen",
  "{0} or {1}": "{0} ou {1}",
  " in {0}": " dans {0}",
  " Expected one of: {0}.": " Attendu : l'un de {0}.",
  "Unknown field \"{0}\"{1} ({2}).{3}": "Champ inconnu « {0} »{1} ({2}).{3}",
  "Unknown field \"{0}\"{1}.{2}": "Champ inconnu « {0} »{1}.{2}",
  "Missing required field \"{0}\"{1} ({2}).": "Champ obligatoire « {0} » manquant{1} ({2}).",
  "Missing required field \"{0}\"{1}.": "Champ obligatoire « {0} » manquant{1}.",
  "Invalid value {0} at {1}: expected one of {2}.": "Valeur invalide {0} en {1} : attendu l'une de {2}.",
  "Invalid value {0} at {1}: expected a date-time value (RFC 3339, e.g. 2026-01-31T12:00:00Z).": "Valeur invalide {0} en {1} : attendu une date-heure (RFC 3339, par exemple 2026-01-31T12:00:00Z).",
  "Invalid value {0} at {1}: expected a {2} value.": "Valeur invalide {0} en {1} : attendu une valeur au format {2}.",
  "Invalid value {0} at {1}: expected {2}.": "Valeur invalide {0} en {1} : attendu {2}.",
  "one of the allowed shapes": "l'une des formes admises",
  "{0}: {1}.": "{0} : {1}.",
  "invalid value": "valeur invalide",
  // Mermaid (server/src/mermaid/errors.ts, feature.ts).
  "something else": "autre chose",
  "the end of the diagram": "la fin du diagramme",
  "the end of the line": "la fin de la ligne",
  "Mermaid syntax error on line {0}: unexpected {1}.": "Erreur de syntaxe Mermaid à la ligne {0} : {1} inattendu.",
  "Mermaid syntax error on line {0}: expected {1}, … ({2} possibilities); found {3}.": "Erreur de syntaxe Mermaid à la ligne {0} : attendu {1}, … ({2} possibilités) ; trouvé {3}.",
  "Mermaid syntax error on line {0}: expected {1}; found {2}.": "Erreur de syntaxe Mermaid à la ligne {0} : attendu {1} ; trouvé {2}.",
  "Mermaid syntax error on line {0}: {1}.": "Erreur de syntaxe Mermaid à la ligne {0} : {1}.",
  "Unknown Mermaid diagram type \"{0}\": a diagram starts with its type (flowchart, sequenceDiagram, classDiagram, stateDiagram-v2, erDiagram, gantt, pie, gitGraph, mindmap, …).": "Type de diagramme Mermaid inconnu « {0} » : un diagramme commence par son type (flowchart, sequenceDiagram, classDiagram, stateDiagram-v2, erDiagram, gantt, pie, gitGraph, mindmap, …).",
  "Unknown Mermaid diagram type: a diagram starts with its type (flowchart, sequenceDiagram, classDiagram, stateDiagram-v2, erDiagram, gantt, pie, gitGraph, mindmap, …).": "Type de diagramme Mermaid inconnu : un diagramme commence par son type (flowchart, sequenceDiagram, classDiagram, stateDiagram-v2, erDiagram, gantt, pie, gitGraph, mindmap, …).",
  "Mermaid: {0}": "Mermaid : {0}",
  "Mermaid: the diagram is {0} characters, over the {1} Mermaid draws (its maxTextSize); it is not parsed. Split it.": "Mermaid : le diagramme fait {0} caractères, au-delà des {1} que Mermaid dessine (son maxTextSize) ; il n'est pas analysé. Découpez-le.",
  // Common checks (server/src/common/).
  "{0} \"{1}\" is outside the workspace folder {2}: Archipel writes only inside it, unless you name the path on the command line.": "{0} « {1} » est hors du dossier de l'espace de travail {2} : Archipel n'écrit qu'à l'intérieur, sauf si vous nommez le chemin en ligne de commande.",
  "{0} \"{1}\" ({2}) is outside the workspace folder {3}: Archipel writes only inside it, unless you name the path on the command line.": "{0} « {1} » ({2}) est hors du dossier de l'espace de travail {3} : Archipel n'écrit qu'à l'intérieur, sauf si vous nommez le chemin en ligne de commande.",
  "The ADR folder of .adr-dir": "Le dossier d'ADR de .adr-dir",
  "the ADR file": "le fichier d'ADR",
  "The file is not valid UTF-8 (first at line {0}, column {1}): Archipel read the bytes that are not as U+FFFD (�), so what it checks may differ from what other tools read. Save the file as UTF-8.": "Le fichier n'est pas de l'UTF-8 valide (d'abord ligne {0}, colonne {1}) : Archipel a lu les octets invalides comme U+FFFD (�), ce qu'il vérifie peut donc différer de ce que lisent d'autres outils. Enregistrez le fichier en UTF-8.",
  "Replace with \"{0}\"": "Remplacer par « {0} »",
  "nothing (an empty value)": "rien (une valeur vide)",
  "{0} {1}": "{0} {1}",
};
