namespace Encore.Core.Evaluation;

/// <summary>Shape checks shared by the CSR-like per-user containers.</summary>
internal static class Csr
{
    /// <exception cref="ArgumentException">Users not strictly ascending or offsets not a valid row index.</exception>
    public static void Validate(int[] users, int[] offsets, int valueCount, string container)
    {
        if (offsets.Length != users.Length + 1)
        {
            throw new ArgumentException(
                $"{container}: offsets must have users + 1 = {users.Length + 1} entries, not {offsets.Length}.",
                nameof(offsets));
        }

        if (offsets[0] != 0 || offsets[^1] != valueCount)
        {
            throw new ArgumentException(
                $"{container}: offsets must run from 0 to {valueCount}, not from {offsets[0]} to {offsets[^1]}.",
                nameof(offsets));
        }

        for (var u = 0; u < users.Length; u++)
        {
            if (offsets[u + 1] < offsets[u])
            {
                throw new ArgumentException(
                    $"{container}: offsets must not decrease; user {users[u]} ends at {offsets[u + 1]} before it starts at {offsets[u]}.",
                    nameof(offsets));
            }

            if (u > 0 && users[u] <= users[u - 1])
            {
                throw new ArgumentException(
                    $"{container}: users must be strictly ascending; user {users[u]} follows {users[u - 1]}.",
                    nameof(users));
            }
        }
    }
}
