"""Header roles and table assembly shared by every front end: which column holds what
(from its labels and from its cells), and rows of cell texts → ranking tables."""
