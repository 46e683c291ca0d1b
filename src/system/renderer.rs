//! How the window is drawn: by the graphics card (iced's wgpu renderer, the default) or in
//! software (iced's tiny-skia renderer, "compatible mode", 兼容模式), so that a broken graphics
//! driver can never stop the app from opening.
//!
//! Why this is needed: on some computers the graphics path does not fail politely, it kills
//! the process (under Wine, wgpu picks DX12 and a vkd3d assertion aborts the app before its
//! window shows; old family PCs with broken drivers do the same). iced's own fallback to
//! tiny-skia only helps when wgpu *returns* an error, never when the process dies.
//!
//! The choice (`--renderer auto|software|gpu`, or `renderer = "…"` in settings.toml; the
//! flag wins for its run):
//! - `software` and `gpu` are obeyed as asked (`gpu` is iced's own default: wgpu, with
//!   tiny-skia if wgpu reports that it cannot start).
//! - `auto`, the default, uses what is known about this computer, in this order:
//!   1. `ICED_BACKEND` set in the environment: iced is left to it (someone chose).
//!   2. **The start marker.** A file `renderer-starting` is written in the data folder just
//!      before the window opens and removed when the first frame has been drawn (or when the
//!      run ends in an orderly way before, e.g. an error). If it is still there at the next
//!      start, the last start died before its first frame: this start is in software, and
//!      that verdict is remembered. This catches every way of dying (abort, crash, hang
//!      killed by her), whatever the driver, and costs a file write and a removal.
//!   3. **The remembered verdict**, `renderer.toml` in the data folder: `gpu = "works"` or
//!      `"fails"`, for one program version. A file for another version, or a damaged one,
//!      counts as not known (a new version may bring another wgpu, so the question is asked
//!      again, once).
//!   4. **Nothing known** (the first start of a version): the graphics path is tried in a
//!      child process (`linli --probe-gpu`, hidden: it creates a wgpu instance, adapter and
//!      device as iced does, compiles a tiny shader and draws one triangle into an
//!      off-screen texture). If the child exits cleanly within [`PROBE_TIMEOUT`], the
//!      card works; if it crashes, aborts, fails or hangs, software. The verdict is saved,
//!      so later starts of this version cost nothing. Measured on the development machine
//!      (Debian 12, Xvfb, Mesa llvmpipe through GL, debug build): the child alone 0.12 s
//!      (median of 9), 0.18 s as seen by the app; once per version.
//!
//! The probe makes the first start work where the crash happens in the driver's set-up;
//! the marker covers what the probe cannot see (a crash in the window's swap chain), at the
//! price of one failed start, after which the app opens in software. A wrong "fails" (e.g.
//! she pulled the plug during a start) only costs speed, and only until the next version or
//! a start with `--renderer gpu` that draws its first frame (which saves "works").
//!
//! Only [`decide`] reasons; [`prepare`] reads and writes the files around it. Setting the
//! environment variable iced reads (`ICED_BACKEND=tiny-skia`) is left to `main`, before any
//! thread starts: iced 0.14 offers no other way to pick its renderer.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The renderer she (or a helper) asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// The graphics card, unless it is known or found not to work here.
    #[default]
    Auto,
    /// Compatible mode: drawn in software, slower but works everywhere.
    Software,
    /// The graphics card, whatever is known.
    Gpu,
}

/// How this run draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Renderer {
    Gpu,
    Software,
}

/// Why this run draws as it does (logged, for a family member).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// `--renderer` or the settings said so.
    Asked,
    /// `ICED_BACKEND` is set.
    Environment,
    /// The last start died before its first frame.
    LastStartDied,
    /// Remembered from an earlier start of this version.
    Remembered,
    /// The probe found it so (its detail).
    Probed(String),
}

/// Whether the graphics card works here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gpu {
    Works,
    Fails,
}

/// `renderer.toml`: the verdict and the program version it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub version: String,
    pub gpu: Gpu,
    /// How it was found, for a family member reading the file.
    #[serde(default)]
    pub why: String,
}

/// What is known at start, read from the data folder and the environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Known {
    /// The start marker was left by the last start, and the renderer it had tried (None:
    /// unreadable).
    pub marker: Option<Option<Renderer>>,
    /// The remembered verdict, if it is for this version and readable.
    pub verdict: Option<Gpu>,
    /// `ICED_BACKEND`, if set and not empty.
    pub env: Option<String>,
}

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    Use(Renderer, Why),
    /// Nothing known: try the graphics card in a child process first.
    Probe,
}

/// The decision, without any file or process (see the module's doc for the order).
pub fn decide(choice: Choice, known: &Known) -> Next {
    match choice {
        Choice::Software => return Next::Use(Renderer::Software, Why::Asked),
        Choice::Gpu => return Next::Use(Renderer::Gpu, Why::Asked),
        Choice::Auto => {}
    }
    if let Some(env) = &known.env {
        let software = env.split(',').next().is_some_and(|b| b.starts_with("tiny"));
        let r = if software {
            Renderer::Software
        } else {
            Renderer::Gpu
        };
        return Next::Use(r, Why::Environment);
    }
    // A software start that died says nothing about the card; an unreadable marker may
    // have been a card's start: software is the safe side.
    if let Some(tried) = known.marker
        && tried != Some(Renderer::Software)
    {
        return Next::Use(Renderer::Software, Why::LastStartDied);
    }
    match known.verdict {
        Some(Gpu::Works) => Next::Use(Renderer::Gpu, Why::Remembered),
        Some(Gpu::Fails) => Next::Use(Renderer::Software, Why::Remembered),
        None => Next::Probe,
    }
}

/// How long the probe may take before it counts as hanging.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(10);
/// The hidden flag that makes `linli` run the probe (see [`probe_here`]).
pub const PROBE_FLAG: &str = "--probe-gpu";
/// What the probe prints first when the card drew.
const PROBE_OK: &str = "gpu-ok";

/// The marker's file in data folder `dir`.
pub fn marker_file(dir: &Path) -> PathBuf {
    dir.join("renderer-starting")
}

/// The verdict's file in data folder `dir`.
pub fn verdict_file(dir: &Path) -> PathBuf {
    dir.join("renderer.toml")
}

/// This program's version (the verdict's key).
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Reads what the data folder `dir` knows, and `ICED_BACKEND` (`env`).
pub fn read_known(dir: &Path, env: Option<String>) -> Known {
    let marker =
        std::fs::read_to_string(marker_file(dir))
            .ok()
            .map(|t| match t.split_whitespace().next() {
                Some("gpu") => Some(Renderer::Gpu),
                Some("software") => Some(Renderer::Software),
                _ => None,
            });
    Known {
        marker,
        verdict: read_verdict(dir),
        env: env.filter(|e| !e.trim().is_empty()),
    }
}

/// The remembered verdict for this version; a missing, damaged or other version's file is
/// not known.
pub fn read_verdict(dir: &Path) -> Option<Gpu> {
    let text = std::fs::read_to_string(verdict_file(dir)).ok()?;
    let v: Verdict = toml::from_str(&text).ok()?;
    (v.version == version()).then_some(v.gpu)
}

/// Saves the verdict for this version (a new file, then rename); a failure is only logged:
/// the question is asked again next time.
pub fn save_verdict(dir: &Path, gpu: Gpu, why: &str) {
    let v = Verdict {
        version: version().to_string(),
        gpu,
        why: why.to_string(),
    };
    let file = verdict_file(dir);
    let text = toml::to_string(&v).expect("verdict serializes");
    if let Err(e) = linli_core::file::replace(&file, text.as_bytes()) {
        tracing::warn!("could not save {}: {e}", file.display());
    }
}

/// A start in progress: its marker is removed when the first frame is drawn
/// ([`Starting::drawn`]) or when this is dropped in an orderly way (not while panicking: a
/// panic before the first frame may be the card's).
#[derive(Debug)]
pub struct Starting {
    dir: PathBuf,
    pub renderer: Renderer,
    pub why: Why,
    /// How long the probe took, if it ran.
    pub probe_took: Option<Duration>,
}

impl Starting {
    /// The first frame is on the screen: the start worked. A card asked for by name that
    /// drew is remembered as working (so `--renderer gpu` once undoes a wrong "fails").
    pub fn drawn(&self) {
        let _ = std::fs::remove_file(marker_file(&self.dir));
        if self.renderer == Renderer::Gpu && self.why == Why::Asked {
            save_verdict(&self.dir, Gpu::Works, "a start with --renderer gpu drew");
        }
    }

    /// Compatible mode (drawn in software).
    pub fn software(&self) -> bool {
        self.renderer == Renderer::Software
    }
}

impl Drop for Starting {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(marker_file(&self.dir));
        }
    }
}

/// Decides how this run draws, for a window about to open with data folder `dir`: reads
/// what is known, runs the probe if nothing is, saves what was learnt, and writes the start
/// marker. `env` is `ICED_BACKEND` as it is now. The caller sets `ICED_BACKEND` to match
/// ([`Starting::software`]) before iced starts.
pub fn prepare(dir: &Path, choice: Choice, env: Option<String>) -> Arc<Starting> {
    let known = read_known(dir, env);
    let mut probe_took = None;
    let (renderer, why) = match decide(choice, &known) {
        Next::Use(r, why) => {
            if why == Why::LastStartDied {
                save_verdict(
                    dir,
                    Gpu::Fails,
                    "a start with the graphics card died before its first frame",
                );
            }
            (r, why)
        }
        Next::Probe => {
            let t = Instant::now();
            let (gpu, detail) = probe_child();
            probe_took = Some(t.elapsed());
            save_verdict(dir, gpu, &format!("probe: {detail}"));
            let r = match gpu {
                Gpu::Works => Renderer::Gpu,
                Gpu::Fails => Renderer::Software,
            };
            (r, Why::Probed(detail))
        }
    };
    let tried = match renderer {
        Renderer::Gpu => "gpu",
        Renderer::Software => "software",
    };
    if let Err(e) = std::fs::write(marker_file(dir), format!("{tried} {}\n", version())) {
        tracing::warn!("could not write the start marker in {}: {e}", dir.display());
    }
    tracing::info!(?renderer, ?why, ?probe_took, "drawing");
    Arc::new(Starting {
        dir: dir.to_path_buf(),
        renderer,
        why,
        probe_took,
    })
}

/// Runs this program with [`PROBE_FLAG`] and judges it: works only if it exits cleanly,
/// within [`PROBE_TIMEOUT`], having printed [`PROBE_OK`]. The detail says what was seen.
pub fn probe_child() -> (Gpu, String) {
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => return (Gpu::Fails, format!("can't find this program: {e}")),
    };
    probe_command(
        std::process::Command::new(exe).arg(PROBE_FLAG),
        PROBE_TIMEOUT,
    )
}

/// Runs `cmd` as the probe with `timeout` (see [`probe_child`]; tests give another command).
pub fn probe_command(cmd: &mut std::process::Command, timeout: Duration) -> (Gpu, String) {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = match cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => return (Gpu::Fails, format!("did not start: {e}")),
    };
    // The child prints one short line: reading after it ends cannot fill the pipe.
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if started.elapsed() < timeout => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return (Gpu::Fails, format!("no answer in {} s", timeout.as_secs()));
            }
            Err(e) => return (Gpu::Fails, format!("lost: {e}")),
        }
    };
    let mut out = String::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_string(&mut out);
    }
    let line = out.lines().next().unwrap_or("").trim().to_string();
    match line.strip_prefix(PROBE_OK) {
        Some(adapter) if status.success() => (Gpu::Works, adapter.trim().to_string()),
        _ if status.success() => (Gpu::Fails, line),
        _ => (Gpu::Fails, format!("{status}: {line}")),
    }
}

/// The probe itself, in the child (`linli --probe-gpu`): the graphics card set up as iced
/// does (same backends, `WGPU_BACKEND` and `WGPU_POWER_PREF` honoured, same limits), a tiny
/// shader compiled and one triangle drawn off screen, waited for. Prints `gpu-ok <adapter>`
/// on success.
pub fn probe_here() -> Result<String, String> {
    use iced::wgpu;
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    let backends = wgpu::Backends::from_env().unwrap_or(wgpu::Backends::all());
    let instance = wgpu::Instance::new(&wgpu::InstanceDescriptor {
        backends,
        flags: wgpu::InstanceFlags::empty(),
        ..Default::default()
    });
    let adapter = rt
        .block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
            power_preference:
                wgpu::PowerPreference::from_env().unwrap_or(wgpu::PowerPreference::HighPerformance),
            compatible_surface: None,
            force_fallback_adapter: false,
        }))
        .map_err(|e| format!("no adapter: {e}"))?;
    let info = adapter.get_info();
    let limits = wgpu::Limits {
        max_bind_groups: 2,
        max_non_sampler_bindings: 2048,
        ..wgpu::Limits::downlevel_defaults()
    };
    let (device, queue) = rt
        .block_on(adapter.request_device(&wgpu::DeviceDescriptor {
            label: Some("linli probe"),
            required_limits: limits,
            ..Default::default()
        }))
        .map_err(|e| format!("no device on {}: {e}", info.name))?;
    let format = wgpu::TextureFormat::Rgba8UnormSrgb;
    let shader = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some("linli probe"),
        source: wgpu::ShaderSource::Wgsl(
            "@vertex fn vs(@builtin(vertex_index) i: u32) -> @builtin(position) vec4<f32> {
                let x = f32(i32(i) - 1);
                let y = f32(i32(i & 1u) * 2 - 1);
                return vec4<f32>(x, y, 0.0, 1.0);
            }
            @fragment fn fs() -> @location(0) vec4<f32> { return vec4<f32>(0.2, 0.4, 0.6, 1.0); }"
                .into(),
        ),
    });
    let pipeline = device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
        label: Some("linli probe"),
        layout: None,
        vertex: wgpu::VertexState {
            module: &shader,
            entry_point: Some("vs"),
            compilation_options: Default::default(),
            buffers: &[],
        },
        fragment: Some(wgpu::FragmentState {
            module: &shader,
            entry_point: Some("fs"),
            compilation_options: Default::default(),
            targets: &[Some(format.into())],
        }),
        primitive: Default::default(),
        depth_stencil: None,
        multisample: Default::default(),
        multiview: None,
        cache: None,
    });
    let texture = device.create_texture(&wgpu::TextureDescriptor {
        label: Some("linli probe"),
        size: wgpu::Extent3d {
            width: 64,
            height: 64,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format,
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
        view_formats: &[],
    });
    let view = texture.create_view(&Default::default());
    let mut encoder = device.create_command_encoder(&Default::default());
    {
        let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
            label: Some("linli probe"),
            color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                view: &view,
                depth_slice: None,
                resolve_target: None,
                ops: wgpu::Operations {
                    load: wgpu::LoadOp::Clear(wgpu::Color::WHITE),
                    store: wgpu::StoreOp::Store,
                },
            })],
            ..Default::default()
        });
        pass.set_pipeline(&pipeline);
        pass.draw(0..3, 0..1);
    }
    queue.submit([encoder.finish()]);
    device
        .poll(wgpu::PollType::wait_indefinitely())
        .map_err(|e| format!("drawing on {} failed: {e}", info.name))?;
    Ok(format!("{PROBE_OK} {} ({:?})", info.name, info.backend))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        Known::default()
    }

    #[test]
    fn asked_for_is_obeyed_whatever_is_known() {
        let worst = Known {
            marker: Some(Some(Renderer::Gpu)),
            verdict: Some(Gpu::Fails),
            env: Some("tiny-skia".into()),
        };
        assert_eq!(
            decide(Choice::Gpu, &worst),
            Next::Use(Renderer::Gpu, Why::Asked)
        );
        assert_eq!(
            decide(
                Choice::Software,
                &Known {
                    verdict: Some(Gpu::Works),
                    ..known()
                }
            ),
            Next::Use(Renderer::Software, Why::Asked)
        );
    }

    #[test]
    fn a_start_that_died_means_software_next() {
        let died = Known {
            marker: Some(Some(Renderer::Gpu)),
            verdict: Some(Gpu::Works),
            ..known()
        };
        assert_eq!(
            decide(Choice::Auto, &died),
            Next::Use(Renderer::Software, Why::LastStartDied)
        );
        // An unreadable marker: the safe side.
        let unreadable = Known {
            marker: Some(None),
            ..known()
        };
        assert_eq!(
            decide(Choice::Auto, &unreadable),
            Next::Use(Renderer::Software, Why::LastStartDied)
        );
        // A software start that died says nothing about the card.
        let sw = Known {
            marker: Some(Some(Renderer::Software)),
            verdict: Some(Gpu::Works),
            ..known()
        };
        assert_eq!(
            decide(Choice::Auto, &sw),
            Next::Use(Renderer::Gpu, Why::Remembered)
        );
    }

    #[test]
    fn a_remembered_verdict_spares_the_probe_and_nothing_known_probes() {
        for (gpu, r) in [
            (Gpu::Works, Renderer::Gpu),
            (Gpu::Fails, Renderer::Software),
        ] {
            let k = Known {
                verdict: Some(gpu),
                ..known()
            };
            assert_eq!(decide(Choice::Auto, &k), Next::Use(r, Why::Remembered));
        }
        assert_eq!(decide(Choice::Auto, &known()), Next::Probe);
    }

    #[test]
    fn iced_backend_in_the_environment_is_left_to_iced() {
        for (env, r) in [
            ("tiny-skia", Renderer::Software),
            ("tiny_skia,wgpu", Renderer::Software),
            ("wgpu", Renderer::Gpu),
        ] {
            let k = Known {
                env: Some(env.into()),
                marker: Some(Some(Renderer::Gpu)),
                ..known()
            };
            assert_eq!(decide(Choice::Auto, &k), Next::Use(r, Why::Environment));
        }
    }

    #[test]
    fn a_damaged_or_other_versions_verdict_is_not_known() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_verdict(dir.path()), None);
        save_verdict(dir.path(), Gpu::Fails, "test");
        assert_eq!(read_verdict(dir.path()), Some(Gpu::Fails));
        for damaged in ["", "gpu = \"maybe\"", "\u{0}\u{1}garbage", "version = 3"] {
            std::fs::write(verdict_file(dir.path()), damaged).unwrap();
            assert_eq!(read_verdict(dir.path()), None, "{damaged:?}");
            assert_eq!(
                decide(Choice::Auto, &read_known(dir.path(), None)),
                Next::Probe
            );
        }
        std::fs::write(
            verdict_file(dir.path()),
            "version = \"0.0.0-old\"\ngpu = \"fails\"\n",
        )
        .unwrap();
        assert_eq!(read_verdict(dir.path()), None);
    }

    #[test]
    fn the_marker_lives_until_the_first_frame_or_an_orderly_end() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // Known to work: no probe; the marker is written.
        save_verdict(d, Gpu::Works, "test");
        let s = prepare(d, Choice::Auto, None);
        assert_eq!((s.renderer, &s.why), (Renderer::Gpu, &Why::Remembered));
        assert!(s.probe_took.is_none());
        assert!(marker_file(d).exists());
        s.drawn();
        assert!(!marker_file(d).exists(), "the first frame removes it");
        drop(s);

        // A start that dies leaves the marker (forgotten here: no Drop runs, as in an abort).
        std::mem::forget(prepare(d, Choice::Auto, None));
        assert!(marker_file(d).exists());
        let s = prepare(d, Choice::Auto, None);
        assert_eq!(
            (s.renderer, &s.why),
            (Renderer::Software, &Why::LastStartDied)
        );
        assert_eq!(read_verdict(d), Some(Gpu::Fails), "remembered");
        drop(s);
        assert!(!marker_file(d).exists(), "an orderly end removes it");
        let s = prepare(d, Choice::Auto, None);
        assert_eq!((s.renderer, &s.why), (Renderer::Software, &Why::Remembered));
        drop(s);

        // A card asked for by name that draws undoes the "fails".
        let s = prepare(d, Choice::Gpu, None);
        s.drawn();
        assert_eq!(read_verdict(d), Some(Gpu::Works));
    }

    #[test]
    fn the_probe_judges_its_child() {
        let sh = |script: &str| {
            let mut c = std::process::Command::new("sh");
            c.arg("-c").arg(script);
            c
        };
        let t = Duration::from_secs(5);
        let (gpu, detail) = probe_command(&mut sh("echo 'gpu-ok Card (Vulkan)'"), t);
        assert_eq!((gpu, detail.as_str()), (Gpu::Works, "Card (Vulkan)"));
        // Crashed after saying ok, died of a signal, said nothing, hung.
        assert_eq!(
            probe_command(&mut sh("echo gpu-ok; exit 3"), t).0,
            Gpu::Fails
        );
        assert_eq!(probe_command(&mut sh("kill -ABRT $$"), t).0, Gpu::Fails);
        assert_eq!(probe_command(&mut sh("echo no adapter"), t).0, Gpu::Fails);
        let started = Instant::now();
        let (gpu, detail) = probe_command(&mut sh("sleep 30"), Duration::from_millis(300));
        assert_eq!(gpu, Gpu::Fails);
        assert!(detail.contains("no answer"), "{detail}");
        assert!(started.elapsed() < Duration::from_secs(5));
        let (gpu, _) = probe_command(&mut std::process::Command::new("/no/such/program"), t);
        assert_eq!(gpu, Gpu::Fails);
    }
}
