"""Downloadable memos of the demo lessons: (title, file name, text)."""

MEMOS = {
    "memo-livre-numerique": (
        "Aide-mémoire : emprunter un livre numérique",
        "aide-memoire-livre-numerique.txt",
        """AIDE-MÉMOIRE : ACCOMPAGNER UN PREMIER EMPRUNT DE LIVRE NUMÉRIQUE
Bibliothèque Numérique Métropolitaine

AVANT DE COMMENCER
[ ] Carte de bibliothèque en cours de validité
[ ] Mot de passe du portail connu de l'usager
[ ] Appareil chargé, code du magasin d'applications connu
[ ] Adresse e-mail consultée régulièrement
[ ] Application installée : Baobab (téléphone, tablette) ou Thorium Reader (ordinateur)
[ ] Pas de liseuse Kindle (non compatible)

PENDANT L'EMPRUNT
1. Se connecter au portail avec la carte de bibliothèque.
2. Ouvrir « Livres numériques », choisir un titre disponible.
3. Cliquer sur « Emprunter », choisir la durée.
4. Ouvrir le livre dans l'application, saisir la phrase secrète.

EN CAS DE BLOCAGE
- Phrase secrète oubliée : la changer dans le compte lecteur.
- Fichier qui ne s'ouvre pas : l'importer depuis l'application de lecture.
- Quota atteint : réserver pour le mois suivant.
- Livre indisponible : cliquer sur « Réserver ».

C'est l'usager qui tape ses identifiants. Ne notez jamais ses mots de passe.
""",
    ),
}
