namespace PrivateDomain.Contracts;

/// <summary>An agent asked for something outside the personas or customers they may act for.</summary>
[GenerateSerializer, Alias("pd.AccessDeniedException")]
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message) : base(message)
    {
    }

    public AccessDeniedException(string message, Exception inner) : base(message, inner)
    {
    }
}
