//! Chinese line-breaking rules (break opportunities, kinsoku), pure and
//! format-independent. Not yet built.
