/**
 * The pages' stylesheet: plain, readable, no framework. Written once, when the output folder has
 * none, so a web team's own `style.css` is never overwritten.
 */
export const SITE_CSS = `/* News pages published by crieur. Edit freely: this file is written only when missing. */
:root {
  --texte: #1b1b1b;
  --fond: #ffffff;
  --accent: #0b4f8a;
  --discret: #4a4a4a;
  --panneau: #f3f6f9;
  --bordure: #d5dde5;
  --largeur: 44rem;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0;
  background: var(--fond);
  color: var(--texte);
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  line-height: 1.6;
}
a { color: var(--accent); text-underline-offset: 0.15em; }
a:hover, a:focus { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.aller-au-contenu { position: absolute; left: -999px; top: 0; padding: 0.5rem 1rem; background: var(--fond); }
.aller-au-contenu:focus { left: 1rem; }
.site-entete, .site-pied, main { max-width: var(--largeur); margin: 0 auto; padding: 0 1.25rem; }
.site-entete { border-bottom: 4px solid var(--accent); padding-top: 1rem; padding-bottom: 0.75rem; }
.site-nom { margin: 0; font-weight: 700; }
.site-nom a { color: var(--texte); text-decoration: none; }
main { padding-top: 1.5rem; padding-bottom: 2rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.75em 0 0.5em; }
h1 { font-size: 2rem; margin-top: 0.5rem; }
h2 { font-size: 1.4rem; color: var(--accent); }
h3 { font-size: 1.15rem; }
h4, h5, h6 { font-size: 1rem; }
.sous-titre { font-size: 1.2rem; margin: 0 0 0.25rem; color: var(--discret); }
.date { margin: 0; color: var(--discret); font-size: 0.95rem; }
.mise-a-jour-entete { margin-bottom: 1.5rem; }
ul { padding-left: 1.25rem; }
li { margin: 0.35em 0; }
li > ul { margin: 0.35em 0; }
.chiffres-cles { background: var(--panneau); border: 1px solid var(--bordure); border-radius: 6px; padding: 0.25rem 1.25rem 1.25rem; }
.chiffres-cles h2 { margin-top: 0.75em; }
.chiffres { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.chiffres li { margin: 0; }
.chiffre-valeur { display: block; font-size: 1.75rem; font-weight: 700; color: var(--accent); line-height: 1.2; }
.chiffre-libelle { font-weight: 600; }
.chiffre-contexte { display: block; color: var(--discret); font-size: 0.9rem; }
.carte { margin: 1.25rem 0; }
.carte img { display: block; max-width: 100%; height: auto; border: 1px solid var(--bordure); border-radius: 4px; }
.en-savoir-plus { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid var(--bordure); }
.liste-nouvelles { list-style: none; padding: 0; }
.liste-nouvelles li { border-bottom: 1px solid var(--bordure); padding: 0.5rem 0 1rem; }
.liste-nouvelles h2 { margin-top: 0.75rem; font-size: 1.25rem; }
.correctif { border-left: 4px solid #b35c00; background: #fff6ec; padding: 0.5rem 1rem; margin: 0 0 1.25rem; border-radius: 4px; }
.correctif-titre { margin: 0.25rem 0; }
.correctif img { display: block; max-width: 100%; height: auto; margin: 0.5rem 0; }
.retrait { padding: 1rem 0; }
.site-pied { border-top: 1px solid var(--bordure); padding-top: 1rem; padding-bottom: 2rem; font-size: 0.95rem; }
.site-pied ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
@media print {
  .aller-au-contenu, .site-pied nav { display: none; }
  a { color: inherit; }
}
`;
