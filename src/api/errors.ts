// Errors the API shows to clients: a GraphQL error with a code. Anything else is masked by yoga.
import { GraphQLError } from 'graphql';

export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'LOAD_FAILED'
  | 'S3_NOT_CONFIGURED'
  | 'QUERY_TOO_COMPLEX'
  | 'SUBSCRIPTIONS_NOT_SUPPORTED';

export function apiError(code: ApiErrorCode, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}
