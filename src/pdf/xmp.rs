//! The XMP metadata packet (ISO 16684-1) the catalog points at: what the
//! document info dictionary says (title, author, subject, tool, producer,
//! dates), the language, and the conformance the file claims — PDF/A-2u
//! (`pdfaid`) and PDF/UA-1 (`pdfuaid`, with the extension-schema description
//! PDF/A asks for a schema it does not predefine).

use crate::model::Metadata;
use crate::pack::xml::escape;

/// The tool named as the creator.
pub const CREATOR: &str = "zhpress";
/// The libraries named as the producer.
pub const PRODUCER: &str = "zhpress (genpdfi, printpdf, lopdf)";

/// The packet for `meta`, dated `date` (ISO 8601, e.g. `2023-03-01T00:00:00Z`).
pub fn packet(meta: &Metadata, date: &str) -> String {
    let mut dc = String::new();
    dc.push_str("<dc:format>application/pdf</dc:format>\n");
    dc.push_str(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
        escape(&meta.title)
    ));
    if let Some(author) = &meta.author {
        dc.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(author)
        ));
    }
    if let Some(subject) = subject(meta) {
        dc.push_str(&format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(subject)
        ));
    }
    dc.push_str(&format!(
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>\n",
        escape(&meta.lang)
    ));
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
{dc}<xmp:CreatorTool>{CREATOR}</xmp:CreatorTool>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>U</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
<rdf:Description rdf:about=""
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{FEFF}',
    )
}

/// The subject the info dictionary and the packet give: the subtitle
/// without its leading dashes.
pub fn subject(meta: &Metadata) -> Option<&str> {
    meta.subtitle.as_deref().map(|s| s.trim_start_matches('—'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packet_names_title_author_dates_and_conformance() {
        let mut meta = Metadata::titled("标题 & 题");
        meta.author = Some("作者".into());
        meta.subtitle = Some("——副题".into());
        let p = packet(&meta, "2023-03-01T00:00:00Z");
        assert!(p.contains("<rdf:li xml:lang=\"x-default\">标题 &amp; 题</rdf:li>"));
        assert!(p.contains("<rdf:li>作者</rdf:li>"));
        assert!(p.contains(">副题</rdf:li>"));
        assert!(p.contains("<xmp:CreateDate>2023-03-01T00:00:00Z</xmp:CreateDate>"));
        assert!(p.contains("<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>U</pdfaid:conformance>"));
        assert!(p.contains("<pdfuaid:part>1</pdfuaid:part>"));
        assert!(roxmltree::Document::parse(&p).is_ok());
    }
}
