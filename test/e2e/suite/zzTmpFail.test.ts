throw new Error('deliberate load-time error');
