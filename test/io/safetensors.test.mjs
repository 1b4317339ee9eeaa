import { expect } from 'chai';
import * as d from '../../dist/index.js';
import fixture from '../fixtures/safetensors.mjs';

function fromBase64(text) {
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function bitsOf(values) {
  return Array.from(new Uint32Array(Float32Array.from(values).buffer));
}

function headerOf(bytes) {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  return { n, json: JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) };
}

/** Rebuilds a file with an edited header (keeping the data section). */
function withHeader(bytes, edit) {
  const { n, json } = headerOf(bytes);
  edit(json);
  const h = new TextEncoder().encode(JSON.stringify(json));
  const out = new Uint8Array(8 + h.length + bytes.length - 8 - n);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  out.set(bytes.subarray(8 + n), 8 + h.length);
  return out;
}

describe('safetensors', () => {
  it('loads a file written by an independent writer, bit for bit', () => {
    const { tensors, metadata } = d.io.loadTensors(fromBase64(fixture.base64));
    expect(metadata).to.deep.equal(fixture.metadata);
    expect(Object.keys(tensors).sort()).to.deep.equal(Object.keys(fixture.tensors).sort());
    for (const [name, want] of Object.entries(fixture.tensors)) {
      expect(tensors[name].shape, name).to.deep.equal(want.shape);
      expect(bitsOf(tensors[name].toFloat32Array()), name).to.deep.equal(bitsOf(want.values));
      tensors[name].dispose();
    }
  });

  it('round-trips NaN, -0, denormals and infinities exactly', () => {
    const values = [NaN, -0, 1e-45, -3.4028234663852886e38, Infinity, -Infinity, 0.1];
    const t = d.tensor(values, { shape: [7] });
    const bytes = d.io.saveTensors({ t }, { note: 'x' });
    const back = d.io.loadTensors(bytes);
    expect(bitsOf(back.tensors.t.toFloat32Array())).to.deep.equal(bitsOf(t.toFloat32Array()));
    expect(back.metadata.note).to.equal('x');
    expect(back.metadata['descent.sha256']).to.match(/^[0-9a-f]{64}$/);
    t.dispose();
    back.tensors.t.dispose();
  });

  it('aligns the data section to 8 bytes', () => {
    const t = d.tensor([1, 2, 3]);
    const bytes = d.io.saveTensors({ a_long_name: t });
    expect((8 + headerOf(bytes).n) % 8).to.equal(0);
    t.dispose();
  });

  describe('refuses damaged files with a clear error', () => {
    let good;
    before(() => {
      const a = d.tensor([[1, 2], [3, 4]]);
      const b = d.tensor([5, 6, 7]);
      good = d.io.saveTensors({ a, b });
      a.dispose();
      b.dispose();
    });

    const cases = [
      ['a file shorter than 8 bytes', () => new Uint8Array(5), /too short/],
      ['a header length beyond the file', () => {
        const bad = good.slice();
        new DataView(bad.buffer).setUint32(0, 1e6, true);
        return bad;
      }, /bad header length 1000000/],
      ['a truncated file', () => good.subarray(0, good.length - 4), /offsets|cover|bad header/],
      ['a header that is not JSON', () => {
        const bad = good.slice();
        bad[8] = 0x7b + 1;
        return bad;
      }, /not valid UTF-8 JSON/],
      ['a wrong dtype', () => withHeader(good, (h) => (h.a.dtype = 'F16')), /dtype "F16" is not supported/],
      ['offsets past the data', () => withHeader(good, (h) => (h.b.data_offsets = [16, 40])), /bad offsets \[16, 40\]/],
      ['overlapping offsets', () => withHeader(good, (h) => (h.b.data_offsets = [12, 24])), /overlap|hold 12 bytes/],
      ['a shape that does not match its bytes', () => withHeader(good, (h) => (h.a.shape = [3, 2, 1, 2])), /needs 48/],
      ['a negative dimension', () => withHeader(good, (h) => (h.a.shape = [-2, 2])), /non-negative integers/],
      ['a checksum mismatch', () => {
        const bad = good.slice();
        bad[bad.length - 1] ^= 1;
        return bad;
      }, /checksum mismatch/],
    ];
    for (const [what, make, message] of cases) {
      it(what, () => {
        const before = d.memory().tensors;
        expect(() => d.io.loadTensors(make())).to.throw(Error, message);
        expect(d.memory().tensors, 'no tensor leaks from a refused file').to.equal(before);
      });
    }
  });

  it('hashes like SHA-256 (FIPS 180-4 test vectors)', () => {
    const enc = (s) => new TextEncoder().encode(s);
    expect(d.io.sha256Hex(enc(''))).to.equal('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(d.io.sha256Hex(enc('abc'))).to.equal('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(d.io.sha256Hex(enc('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).to.equal(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });
});
