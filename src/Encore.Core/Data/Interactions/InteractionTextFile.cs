using System.Globalization;

namespace Encore.Core.Data.Interactions;

/// <summary>A user×item matrix read from a delimited text file, with the id maps that name its rows and columns.</summary>
public sealed record InteractionTextFile(IdMap Users, IdMap Items, SparseMatrix Matrix)
{
    /// <summary>
    /// Reads <c>user,item[,weight]</c> lines (comma, tab or semicolon separated; an optional header line whose
    /// first field is not a number is skipped). Weights of repeated pairs are summed; a missing weight counts 1.
    /// </summary>
    /// <exception cref="EncoreException">The file is missing or a line is malformed; the message names file and line.</exception>
    public static InteractionTextFile Read(string path, InteractionValues mode = InteractionValues.PlayCount)
    {
        if (!File.Exists(path))
        {
            throw new EncoreException($"Interaction file '{path}' does not exist.");
        }

        var users = new List<long>();
        var items = new List<long>();
        var weights = new List<float>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split([',', '\t', ';']);
            if (lineNumber == 1 && !long.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }

            if (fields.Length is < 2 or > 3
                || !long.TryParse(fields[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
                || !long.TryParse(fields[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var item))
            {
                throw new EncoreException($"File '{path}', line {lineNumber}: expected 'user,item[,weight]' with integer ids, got '{line}'.");
            }

            var weight = 1f;
            if (fields.Length == 3
                && (!float.TryParse(fields[2].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || !float.IsFinite(weight)))
            {
                throw new EncoreException($"File '{path}', line {lineNumber}: weight '{fields[2]}' is not a finite number.");
            }

            users.Add(user);
            items.Add(item);
            weights.Add(weight);
        }

        if (users.Count == 0)
        {
            // Same words as an events.parquet without rows: a benchmark on nothing has no meaning (and its rates divide by zero).
            throw new EncoreException($"{path}: has no events.");
        }

        var userMap = IdMap.FromIds(users.ToArray());
        var itemMap = IdMap.FromIds(items.ToArray());
        var matrix = InteractionMatrix.Build(
            userMap, itemMap, users.ToArray(), items.ToArray(), weights.ToArray(), mode, MissingIdPolicy.Throw);
        return new InteractionTextFile(userMap, itemMap, matrix);
    }
}
