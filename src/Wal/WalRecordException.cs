namespace Scraper.Wal;

/// <summary>
/// A record's bytes do not decode as their type says (truncated varint, bytes left over, bad label set).
/// Raised by <see cref="RecordDecoder"/>, which sees a record without knowing where it came from; readers
/// that know the record's position turn it into a <see cref="WalCorruptionException"/>.
/// </summary>
public sealed class WalRecordException : Exception
{
    /// <summary>Creates the exception with the reason.</summary>
    public WalRecordException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the reason and the cause.</summary>
    public WalRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception without a reason (for serializers and tests).</summary>
    public WalRecordException()
    {
    }
}
