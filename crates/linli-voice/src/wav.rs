//! WAV files: read any PCM (8/16/24/32-bit) or 32-bit float WAV, mixed to mono and
//! resampled to [`RATE`]; write 16 kHz mono 16-bit.

use crate::{Error, RATE, resample};
use std::io::Read;
use std::path::Path;

/// Reads `path` as 16 kHz mono. A file that is empty, malformed or shorter than its header
/// says gives [`Error::Wav`] naming the file.
pub fn read(path: &Path) -> Result<Vec<f32>, Error> {
    let file = std::fs::File::open(path)?;
    from_reader(std::io::BufReader::new(file)).map_err(|e| match e {
        Error::Wav(m) => Error::Wav(format!("{}: {m}", path.display())),
        other => other,
    })
}

/// Reads WAV bytes from any reader (see [`read`]).
pub fn from_reader<R: Read>(reader: R) -> Result<Vec<f32>, Error> {
    let mut r = hound::WavReader::new(reader).map_err(wav_err)?;
    let spec = r.spec();
    if spec.channels == 0 || spec.sample_rate == 0 {
        return Err(Error::Wav("no channels or no sample rate".into()));
    }
    let channels = spec.channels as usize;
    let mut interleaved: Vec<f32> = Vec::new();
    match spec.sample_format {
        hound::SampleFormat::Float => {
            if spec.bits_per_sample != 32 {
                return Err(Error::Wav(format!(
                    "{}-bit float samples",
                    spec.bits_per_sample
                )));
            }
            for s in r.samples::<f32>() {
                interleaved.push(s.map_err(wav_err)?);
            }
        }
        hound::SampleFormat::Int => {
            let bits = spec.bits_per_sample;
            if !(8..=32).contains(&bits) {
                return Err(Error::Wav(format!("{bits}-bit samples")));
            }
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            for s in r.samples::<i32>() {
                interleaved.push(s.map_err(wav_err)? as f32 * scale);
            }
        }
    }
    if !interleaved.len().is_multiple_of(channels) {
        return Err(Error::Wav("truncated: a frame is missing samples".into()));
    }
    let mono: Vec<f32> = interleaved
        .chunks_exact(channels)
        .map(|f| f.iter().sum::<f32>() / channels as f32)
        .collect();
    Ok(resample(&mono, spec.sample_rate))
}

fn wav_err(e: hound::Error) -> Error {
    match e {
        hound::Error::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Error::Wav("truncated (ends before its header says)".into())
        }
        hound::Error::IoError(io) => Error::Wav(format!("cannot read: {io}")),
        other => Error::Wav(other.to_string()),
    }
}

/// Writes `audio` (16 kHz mono, −1..1, clipped) as a 16-bit WAV file.
pub fn write(path: &Path, audio: &[f32]) -> Result<(), Error> {
    let spec = hound::WavSpec {
        channels: 1,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).map_err(io_or_wav)?;
    for &s in audio {
        let v = (s.clamp(-1.0, 1.0) * 32767.0).round() as i16;
        w.write_sample(v).map_err(io_or_wav)?;
    }
    w.finalize().map_err(io_or_wav)?;
    Ok(())
}

fn io_or_wav(e: hound::Error) -> Error {
    match e {
        hound::Error::IoError(io) => Error::Io(io),
        other => Error::Wav(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(channels: u16, rate: u32, bits: u16, float: bool) -> hound::WavSpec {
        hound::WavSpec {
            channels,
            sample_rate: rate,
            bits_per_sample: bits,
            sample_format: if float {
                hound::SampleFormat::Float
            } else {
                hound::SampleFormat::Int
            },
        }
    }

    #[test]
    fn reads_24_bit_stereo_and_float_and_round_trips_16_bit() {
        let dir = tempfile::tempdir().unwrap();
        // 24-bit stereo at 16 kHz: left at half scale, right at zero → mono at a quarter.
        let p = dir.path().join("a.wav");
        let mut w = hound::WavWriter::create(&p, spec(2, 16_000, 24, false)).unwrap();
        for _ in 0..1600 {
            w.write_sample(1i32 << 22).unwrap();
            w.write_sample(0i32).unwrap();
        }
        w.finalize().unwrap();
        let a = read(&p).unwrap();
        assert_eq!(a.len(), 1600);
        assert!((a[100] - 0.25).abs() < 1e-4, "{}", a[100]);

        let p = dir.path().join("f.wav");
        let mut w = hound::WavWriter::create(&p, spec(1, 16_000, 32, true)).unwrap();
        for i in 0..800 {
            w.write_sample(if i % 2 == 0 { 0.5f32 } else { -0.5 })
                .unwrap();
        }
        w.finalize().unwrap();
        let f = read(&p).unwrap();
        assert_eq!(f.len(), 800);
        assert_eq!(f[0], 0.5);

        let p = dir.path().join("w.wav");
        let tone: Vec<f32> = (0..1000).map(|i| (i as f32 * 0.05).sin() * 0.8).collect();
        write(&p, &tone).unwrap();
        let back = read(&p).unwrap();
        assert_eq!(back.len(), tone.len());
        assert!(back.iter().zip(&tone).all(|(a, b)| (a - b).abs() < 1e-4));
    }

    #[test]
    fn reads_44100_hz_at_16_khz() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.wav");
        let mut w = hound::WavWriter::create(&p, spec(1, 44_100, 16, false)).unwrap();
        for _ in 0..44_100 {
            w.write_sample(1000i16).unwrap();
        }
        w.finalize().unwrap();
        let a = read(&p).unwrap();
        assert!((a.len() as i64 - 16_000).abs() <= 1, "{}", a.len());
    }

    #[test]
    fn bad_files_are_wav_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.wav");
        std::fs::write(&empty, b"").unwrap();
        let junk = dir.path().join("junk.wav");
        std::fs::write(&junk, b"this is not a wave file at all, just text").unwrap();
        let good = dir.path().join("good.wav");
        write(&good, &vec![0.1; 16_000]).unwrap();
        let bytes = std::fs::read(&good).unwrap();
        let cut = dir.path().join("cut.wav");
        std::fs::write(&cut, &bytes[..bytes.len() / 2 + 1]).unwrap();
        let header_only = dir.path().join("header.wav");
        std::fs::write(&header_only, &bytes[..20]).unwrap();
        for p in [&empty, &junk, &cut, &header_only] {
            match read(p) {
                Err(Error::Wav(m)) => {
                    assert!(m.contains(p.file_name().unwrap().to_str().unwrap()), "{m}")
                }
                other => panic!("{}: {other:?}", p.display()),
            }
        }
        assert!(matches!(
            read(&dir.path().join("missing.wav")),
            Err(Error::Io(_))
        ));
    }
}
