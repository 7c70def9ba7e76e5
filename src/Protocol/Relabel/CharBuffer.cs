using System.Buffers;

namespace Scraper.Protocol.Relabel;

/// <summary>
/// A growable char buffer that starts on a caller-provided (usually stack) span and moves to a pooled
/// array only when it outgrows it. Relabeling builds joined values and expansions here so that a rule
/// which changes nothing allocates nothing.
/// </summary>
internal ref struct CharBuffer
{
    private char[]? _rented;
    private Span<char> _chars;
    private int _length;

    public CharBuffer(Span<char> initial)
    {
        _chars = initial;
        _rented = null;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<char> Written => _chars[.._length];

    public void Clear() => _length = 0;

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }
        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> s)
    {
        if (_length + s.Length > _chars.Length)
        {
            Grow(s.Length);
        }
        s.CopyTo(_chars[_length..]);
        _length += s.Length;
    }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
            _rented = null;
        }
        _chars = default;
        _length = 0;
    }

    private void Grow(int extra)
    {
        var next = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + extra));
        _chars[.._length].CopyTo(next);
        if (_rented is not null)
        {
            ArrayPool<char>.Shared.Return(_rented);
        }
        _rented = next;
        _chars = next;
    }
}
