/**
 * The Security view's words in the editor's language (as the Experiments panel's, webviews/experiments/l10n.ts):
 * English as written in the page, French from this catalogue; the host gives the page VS Code's
 * display language. `{0}` placeholders are filled in order; a text without a French entry stays English.
 */
import { translator } from '../shared/l10n';

const FRENCH: Readonly<Record<string, string>> = {
  Security: 'Sécurité',
  // Compare with… (compare.ts).
  'No architectural change.': "Aucun changement d'architecture.",
  'Reading the security model…': 'Lecture du modèle de sécurité…',
  'Nothing deployed here: no Compose service, Kubernetes workload or Terraform resource for a security model.': 'Rien de déployé ici : aucun service Compose, workload Kubernetes ni ressource Terraform pour un modèle de sécurité.',
  'Entry point': "Point d'entrée",
  'Risky link (plaintext or no credentials)': 'Lien à risque (en clair ou sans authentification)',
  'Attack path': "Chemin d'attaque",
  Risks: 'Risques',
  'No risk: the rules found nothing in the deploy files.': 'Aucun risque : les règles ne trouvent rien dans les fichiers de déploiement.',
  '{0} open, {1} treated in the risk register': '{0} ouvert(s), {1} traité(s) dans le registre des risques',
  'Show the attack path of {0}': "Montrer le chemin d'attaque de {0}",
  'Clear the path': 'Effacer le chemin',
  'Where it is said': 'Où cela est dit',
  'In the risk register: {0} ({1})': 'Dans le registre des risques : {0} ({1})',
  open: 'ouvert',
  accepted: 'accepté',
  mitigated: 'atténué',
  'in-progress': 'en cours',
  'false-positive': 'faux positif',
  unchecked: 'non vérifié',
  'Click a box, an arrow or a risk: where it is said, and its attack path.': "Cliquez une boîte, une flèche ou un risque : où c'est dit, et son chemin d'attaque.",
  'entry point ({0})': "point d'entrée ({0})",
  'inside {0}': 'dans {0}',
  'data store: {0}': 'stockage de données : {0}',
  'encrypted at rest': 'chiffré au repos',
  'Encrypted at rest by': 'Chiffré au repos par',
  'not encrypted at rest': 'non chiffré au repos',
  TLS: 'TLS',
  plaintext: 'en clair',
  'credentials': 'authentifié',
  'no credentials': 'sans authentification',
  'Open risks on this link: {0}': 'Risques ouverts sur ce lien : {0}',
  'No line: drawn from the elements it joins.': 'Aucune ligne : tracé depuis les éléments qu’il relie.',
  'Nowhere in particular: it stands for what the arrows say.': 'Nulle part en particulier : il représente ce que disent les flèches.',
  'likelihood {0} × impact {1}': 'vraisemblance {0} × impact {1}',
  'Threats of the workspace': "Menaces de l'espace de travail",
  'Impact ↑ × likelihood → (Threagile). A cell counts its open threats, coloured by the gravest; treated ones are shown with their status. A click opens the line.': "Impact ↑ × vraisemblance → (Threagile). Une case compte ses menaces ouvertes, colorée selon la plus grave ; les menaces traitées y figurent avec leur statut. Un clic ouvre la ligne.",
  'Threat matrix: impact by likelihood': 'Matrice des menaces : impact par vraisemblance',
  SLOs: 'SLO',
  'Reading the service levels…': 'Lecture des niveaux de service…',
  'no SLO': 'aucun SLO',
  '{0} of {1} components with service levels': '{0} composant(s) sur {1} avec des niveaux de service',
  'No component in the map: no Compose service or Kubernetes workload for an SLO to name.': 'Aucun composant sur la carte : aucun service Compose ni workload Kubernetes qu’un SLO puisse nommer.',
  Component: 'Composant',
  Kind: 'Type',
  Objectives: 'Objectifs',
  'SLOs of no component': 'SLO sans composant',
};

export const { setLanguage, tr } = translator(FRENCH);
