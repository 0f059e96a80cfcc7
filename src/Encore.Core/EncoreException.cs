namespace Encore.Core;

/// <summary>
/// An error the user can fix: bad input file, bad parameter, unwritable output. The message names the
/// file, column, parameter or value, and is shown as is, without a stack trace.
/// </summary>
public class EncoreException : Exception
{
    public EncoreException(string message) : base(message) { }

    public EncoreException(string message, Exception innerException) : base(message, innerException) { }
}
