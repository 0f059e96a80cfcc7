namespace Encore.Core.Data.Interactions;

/// <summary>What to do with an external id that an <see cref="IdMap"/> does not know.</summary>
public enum MissingIdPolicy
{
    /// <summary>Throw an <see cref="EncoreException"/> that names the id.</summary>
    Throw,

    /// <summary>Write <see cref="IdMap.Missing"/> for it and let the caller drop it.</summary>
    Skip,
}
