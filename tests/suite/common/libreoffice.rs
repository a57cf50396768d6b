//! LibreOffice as a reader of the DOCX: a conversion to PDF that sees the
//! project's fonts whatever fonts the machine has (without them, the
//! quotation marks of a heading may come out as nothing).

use std::path::{Path, PathBuf};
use std::process::Command;

/// Converts `dir/NAME.docx` to `dir/NAME.pdf` for each name in one
/// LibreOffice run, with a private profile and a font configuration that
/// adds the project's fonts (so the rendering does not depend on the fonts
/// installed). `ZHPRESS_KEEP_DOCX_DIR=DIR` keeps the files there to look at.
pub fn convert_with_soffice(soffice: &Path, dir: &Path, names: &[String]) {
    convert_with_soffice_to(soffice, dir, names, "pdf");
}

/// [`convert_with_soffice`] to the format of extension `ext` (`pdf`, `odt`).
pub fn convert_with_soffice_to(soffice: &Path, dir: &Path, names: &[String], ext: &str) {
    let fonts_conf = dir.join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n\
             <fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\
             <dir>{}</dir><cachedir>{}</cachedir></fontconfig>\n",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts").display(),
            dir.join("fc-cache").display()
        ),
    )
    .unwrap();
    let profile = format!("file://{}", dir.join("profile").display());
    let output = Command::new(soffice)
        .env("FONTCONFIG_FILE", &fonts_conf)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir)
        .args(names.iter().map(|n| dir.join(format!("{n}.docx"))))
        .output()
        .expect("run soffice");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "soffice failed: {stderr}");
    let keep = std::env::var_os("ZHPRESS_KEEP_DOCX_DIR").map(PathBuf::from);
    for name in names {
        for ext in ["docx", ext] {
            let file = dir.join(format!("{name}.{ext}"));
            assert!(file.is_file(), "soffice wrote no {}: {stderr}", file.display());
            if let Some(keep) = &keep {
                std::fs::create_dir_all(keep).unwrap();
                std::fs::copy(&file, keep.join(format!("{name}.{ext}"))).unwrap();
            }
        }
    }
}
