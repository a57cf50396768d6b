//! Small functions for reading WordprocessingML with roxmltree: elements and
//! attributes are matched by local name in the `w:` namespace (Strict OOXML
//! files use another namespace URI for the same names, so it is matched too).

use roxmltree::Node;

/// The transitional WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The strict WordprocessingML namespace.
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// Whether `n` is the WordprocessingML element `name`.
pub fn on(n: Node, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && matches!(n.tag_name().namespace(), Some(W | W_STRICT))
}

/// The first child element of `n` that is `w:name`.
pub fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| on(*c, name))
}

/// The attribute `name` of `n`, in any namespace (`w:val`, `r:id`, `descr`).
pub fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// Whether a toggle property (`w:b`, `w:i`, `w:vanish`, …) is on: present,
/// and its `w:val` is not a false value.
pub fn toggle(props: Node, name: &str) -> bool {
    child(props, name).is_some_and(|n| !matches!(attr(n, "val"), Some("0" | "false" | "off" | "none")))
}
