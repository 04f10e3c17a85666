// The API has no subscriptions: a subscription document is refused at validation with a 400 and a code,
// before anything tries to execute it (which used to end in a 500 and a stack trace in the log).
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, type ValidationRule } from 'graphql';

const noSubscriptions: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError('subscriptions are not supported by this API: use a query', {
        nodes: [node],
        // spec: false, or yoga would answer 200 to application/json clients as it does for other validation errors.
        extensions: { code: 'SUBSCRIPTIONS_NOT_SUPPORTED', http: { status: 400, spec: false } },
      }),
    );
  },
});

export const refuseSubscriptions = (): Plugin => ({
  onValidate({ addValidationRule }) {
    addValidationRule(noSubscriptions);
  },
});
